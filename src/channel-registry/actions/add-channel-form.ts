import { FieldProblem } from '../../core/errors/domain-error';
import { AdapterDescriptor } from '../../platform-adapters/adapter-descriptor';
import { configFormFields, configFromForm, formText, formValues, problemOnForm } from './config-form';

/** What the Add form shows again after a refused submission: its plain fields and each adapter's non-secret values. */
export type AddChannelValues = Record<string, string>;

export interface AddChannelChoices {
  integrationIds: readonly string[];
  /** The catalogue: every registered adapter's declaration. */
  adapters: readonly AdapterDescriptor[];
}

export interface ValidAddChannel {
  integrationId: string;
  name: string;
  adapter: string;
  adapterConfig: Record<string, unknown>;
}

export type AddChannelParse = { ok: true; value: ValidAddChannel } | { ok: false; values: AddChannelValues; problems: FieldProblem[] };

const MAX_NAME_LENGTH = 200;

/**
 * Reads a submitted Add form. The chosen adapter's config is built from its schema-generated fields; every problem
 * names the form field it belongs to, so the page can show it there. `validateConfig` is the adapter's own check,
 * the same one the admin API applies.
 */
export function parseAddChannelForm(
  body: Record<string, unknown>,
  choices: AddChannelChoices,
  validateConfig: (adapter: string, config: Record<string, unknown>) => FieldProblem[],
): AddChannelParse {
  let integrationId = formText(body, 'integrationId');
  const name = formText(body, 'name');
  const adapter = formText(body, 'adapter');
  // One integration to choose from needs no choice.
  if (choices.integrationIds.length === 1) integrationId = choices.integrationIds[0]!;
  const values: AddChannelValues = { integrationId, name, adapter };
  const problems: FieldProblem[] = [];
  if (!choices.integrationIds.includes(integrationId)) problems.push({ field: 'integrationId', message: 'Choose one of the integrations listed' });
  if (name === '') problems.push({ field: 'name', message: 'Enter a name' });
  if (name.length > MAX_NAME_LENGTH) problems.push({ field: 'name', message: `Use at most ${MAX_NAME_LENGTH} characters` });
  const descriptor = choices.adapters.find((d) => d.name === adapter);
  if (!descriptor) {
    problems.push({ field: 'adapter', message: 'Choose one of the platforms listed' });
    return { ok: false, values, problems };
  }
  const fields = configFormFields(descriptor);
  const adapterConfig = configFromForm(fields, body);
  Object.assign(values, formValues(fields, adapterConfig));
  for (const problem of validateConfig(adapter, adapterConfig)) problems.push(problemOnForm(fields, problem));
  if (problems.length > 0) return { ok: false, values, problems };
  return { ok: true, value: { integrationId, name, adapter, adapterConfig } };
}
