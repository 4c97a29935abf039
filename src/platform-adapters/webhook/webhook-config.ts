import { FieldProblem } from '../../core/errors/domain-error';

/** A `webhook` channel's `adapterConfig`. */
export interface WebhookConfig {
  /** Where we POST outbound events. */
  outboundUrl: string;
  /** Active signing secrets: the first signs what we send; any verifies what we receive (two while rotating). */
  signingSecrets: string[];
}

export const WEBHOOK_SECRET_FIELDS = ['signingSecrets'] as const;
const KNOWN_FIELDS = new Set(['outboundUrl', 'signingSecrets']);
const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 512;
const MAX_URL_LENGTH = 2048;

/** Every problem with a config, each naming its field as the admin API shows it (`adapterConfig.outboundUrl`). */
export function validateWebhookConfig(config: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(config)) {
    if (!KNOWN_FIELDS.has(key)) problems.push({ field: `adapterConfig.${key}`, message: 'is not a webhook setting' });
  }
  if (!isHttpUrl(config.outboundUrl) || (config.outboundUrl as string).length > MAX_URL_LENGTH) {
    problems.push({ field: 'adapterConfig.outboundUrl', message: 'must be an http or https URL' });
  }
  const secrets = config.signingSecrets;
  if (!Array.isArray(secrets) || secrets.length < 1 || secrets.length > 2) {
    problems.push({ field: 'adapterConfig.signingSecrets', message: 'must be a list of 1 or 2 secrets' });
  } else {
    secrets.forEach((secret: unknown, i) => {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH) {
        problems.push({
          field: `adapterConfig.signingSecrets[${i}]`,
          message: `must be a string of ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters`,
        });
      }
    });
  }
  return problems;
}

/** The typed config, or null when it is invalid (it was validated when saved, so null means corrupt data). */
export function readWebhookConfig(config: Record<string, unknown>): WebhookConfig | null {
  if (validateWebhookConfig(config).length > 0) return null;
  return { outboundUrl: config.outboundUrl as string, signingSecrets: [...(config.signingSecrets as string[])] };
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
