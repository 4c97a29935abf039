import { FieldProblem } from '../../core/errors/domain-error';
import { AdapterDescriptor } from '../adapter-descriptor';
import { configSchemaProblems } from '../config-schema';

/** A `webhook` channel's `adapterConfig`. */
export interface WebhookConfig {
  /** Where we POST outbound events. */
  outboundUrl: string;
  /** Active signing secrets: the first signs what we send; any verifies what we receive (two while rotating). */
  signingSecrets: string[];
}

const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 512;
const MAX_URL_LENGTH = 2048;

/** The webhook adapter's declaration (§6.3, §9.8): its config schema is the only definition of a valid config. */
export const WEBHOOK_DESCRIPTOR = {
  name: 'webhook',
  title: 'Webhook',
  configSchema: {
    type: 'object',
    title: 'Webhook: a platform that sends and receives signed JSON',
    properties: {
      outboundUrl: {
        type: 'string',
        title: 'Outbound URL',
        description: 'Where agent replies are posted, e.g. https://platform.example/byoc.',
        maxLength: MAX_URL_LENGTH,
        pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+',
        'x-invalid': 'must be an http or https URL',
      },
      signingSecrets: {
        type: 'array',
        title: 'Signing secrets',
        description: `${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters; your platform signs with it and checks our signature with it. Two while rotating: the first signs.`,
        writeOnly: true,
        minItems: 1,
        maxItems: 2,
        items: { type: 'string', minLength: MIN_SECRET_LENGTH, maxLength: MAX_SECRET_LENGTH },
        'x-invalid': 'must be a list of 1 or 2 secrets',
      },
    },
    required: ['outboundUrl', 'signingSecrets'],
    additionalProperties: false,
  },
  capabilities: { messageTypes: ['TEXT'], typing: true, receipts: true, attachments: true, agentInitiated: true, maxSendsPerSecond: null },
} as const satisfies AdapterDescriptor;

/** Every problem with a config, each naming its field as the admin API shows it (`adapterConfig.outboundUrl`). */
export function validateWebhookConfig(config: Record<string, unknown>): FieldProblem[] {
  const problems = configSchemaProblems(WEBHOOK_DESCRIPTOR.configSchema, 'webhook', config);
  // The pattern only screens the scheme; the URL parser is the judge of the rest.
  if (problems.length === 0 && !isHttpUrl(config.outboundUrl)) problems.push({ field: 'adapterConfig.outboundUrl', message: 'must be an http or https URL' });
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
