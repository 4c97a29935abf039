import { FieldProblem } from '../../core/errors/domain-error';
import { AdapterName } from '../../platform-adapters/platform-adapter';

/** The Add form's fields, as posted (`application/x-www-form-urlencoded`), trimmed. */
export interface AddChannelFields {
  integrationId: string;
  name: string;
  adapter: string;
  outboundUrl: string;
  signingSecret: string;
  allowedOrigins: string;
}
export type AddChannelField = keyof AddChannelFields;

/** How the form asks for one adapter's config: a few plain fields, never a JSON box. */
interface AdapterForm {
  label: string;
  config(fields: AddChannelFields): Record<string, unknown>;
  /** The form field an adapter's config problem (`adapterConfig.signingSecrets[0]`) is shown next to. */
  fieldFor(configField: string): AddChannelField;
}

/**
 * The adapters the form can set up. It must cover every registered adapter (the type says so); it may know more
 * (`webchat` before its adapter is registered), and the form only offers those the registry has.
 */
export const ADAPTER_FORMS = {
  webhook: {
    label: 'Webhook: a platform that sends and receives signed JSON',
    config: (f: AddChannelFields) => ({ outboundUrl: f.outboundUrl, signingSecrets: [f.signingSecret] }),
    fieldFor: (configField: string) => (configField.startsWith('adapterConfig.signingSecrets') ? 'signingSecret' : 'outboundUrl'),
  },
  webchat: {
    label: 'Web chat: our widget on your web site',
    config: (f: AddChannelFields) => ({ allowedOrigins: f.allowedOrigins.split(/[\s,]+/).filter((o) => o !== '') }),
    fieldFor: () => 'allowedOrigins',
  },
} satisfies Record<AdapterName, AdapterForm> & Record<string, AdapterForm>;

const FORMS: Record<string, AdapterForm> = ADAPTER_FORMS;
const MAX_NAME_LENGTH = 200;

export interface AddChannelChoices {
  integrationIds: readonly string[];
  adapters: readonly string[];
}

export interface ValidAddChannel {
  integrationId: string;
  name: string;
  adapter: string;
  adapterConfig: Record<string, unknown>;
}

export type AddChannelParse = { ok: true; value: ValidAddChannel } | { ok: false; fields: AddChannelFields; problems: FieldProblem[] };

export function adapterLabel(adapter: string): string {
  return FORMS[adapter]?.label ?? adapter;
}

/** The adapters a form offers: registered ones the form knows how to ask about. */
export function formAdapters(registered: readonly string[]): string[] {
  return registered.filter((name) => FORMS[name] !== undefined);
}

/**
 * Reads a submitted Add form. Every problem names the form field it belongs to, so the page can show it there;
 * `validateConfig` is the adapter's own check, the same one the admin API applies.
 */
export function parseAddChannelForm(
  body: Record<string, unknown>,
  choices: AddChannelChoices,
  validateConfig: (adapter: string, config: Record<string, unknown>) => FieldProblem[],
): AddChannelParse {
  const fields: AddChannelFields = {
    integrationId: text(body, 'integrationId'),
    name: text(body, 'name'),
    adapter: text(body, 'adapter'),
    outboundUrl: text(body, 'outboundUrl'),
    signingSecret: text(body, 'signingSecret'),
    allowedOrigins: text(body, 'allowedOrigins'),
  };
  // One integration to choose from needs no choice.
  if (choices.integrationIds.length === 1) fields.integrationId = choices.integrationIds[0]!;
  const problems: FieldProblem[] = [];
  if (!choices.integrationIds.includes(fields.integrationId)) problems.push({ field: 'integrationId', message: 'Choose one of the integrations listed' });
  if (fields.name === '') problems.push({ field: 'name', message: 'Enter a name' });
  if (fields.name.length > MAX_NAME_LENGTH) problems.push({ field: 'name', message: `Use at most ${MAX_NAME_LENGTH} characters` });
  const form = choices.adapters.includes(fields.adapter) ? FORMS[fields.adapter] : undefined;
  if (!form) {
    problems.push({ field: 'adapter', message: 'Choose one of the platforms listed' });
    return { ok: false, fields, problems };
  }
  const adapterConfig = form.config(fields);
  for (const problem of validateConfig(fields.adapter, adapterConfig)) problems.push({ field: form.fieldFor(problem.field), message: problem.message });
  if (problems.length > 0) return { ok: false, fields, problems };
  return { ok: true, value: { integrationId: fields.integrationId, name: fields.name, adapter: fields.adapter, adapterConfig } };
}

function text(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value.trim() : '';
}
