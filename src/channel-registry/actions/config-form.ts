import { FieldProblem } from '../../core/errors/domain-error';
import { AdapterDescriptor, ConfigSchemaNode } from '../../platform-adapters/adapter-descriptor';

/**
 * An adapter's config as form fields, generated from its declared JSON Schema (§9.8): no adapter-specific markup, so
 * every adapter in the catalogue can be added from CXone. Field names are `<adapter>.<path>` (`webhook.outboundUrl`),
 * so one page can hold every adapter's fields side by side.
 */
export interface ConfigFormField {
  /** The form field's name and id. */
  name: string;
  /** Where the value goes in adapterConfig. */
  path: string[];
  label: string;
  hint: string;
  /** `secret`: a password input, never echoed; `lines`: a list, one per line; `secretList`: one secret, stored as a list. */
  kind: 'text' | 'secret' | 'secretList' | 'number' | 'checkbox' | 'lines' | 'choice';
  choices: string[];
  required: boolean;
}

export function configFormFields(descriptor: AdapterDescriptor): ConfigFormField[] {
  return fieldsOf(descriptor.name, descriptor.configSchema, [], [], true);
}

function fieldsOf(adapter: string, node: ConfigSchemaNode, path: string[], labels: string[], parentRequired: boolean): ConfigFormField[] {
  const fields: ConfigFormField[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = [...path, key];
    const required = parentRequired && (node.required ?? []).includes(key);
    if (child.type === 'object') {
      fields.push(...fieldsOf(adapter, child, childPath, [...labels, child.title ?? key], required));
      continue;
    }
    fields.push({
      name: [adapter, ...childPath].join('.'),
      path: childPath,
      label: [...labels, child.title ?? key].join(' › '),
      hint: child.description ?? '',
      kind: kindOf(child),
      choices: (child.enum ?? []).map(String),
      required,
    });
  }
  return fields;
}

function kindOf(node: ConfigSchemaNode): ConfigFormField['kind'] {
  if (node.type === 'array') return node.writeOnly ? 'secretList' : 'lines';
  if (node.writeOnly) return 'secret';
  if (node.type === 'integer' || node.type === 'number') return 'number';
  if (node.type === 'boolean') return 'checkbox';
  return node.enum ? 'choice' : 'text';
}

/**
 * The adapterConfig a submitted form describes. Empty fields are left out (a secret left out of an update keeps its
 * value); a number that does not parse is passed on as typed, so the schema names the field.
 */
export function configFromForm(fields: readonly ConfigFormField[], body: Record<string, unknown>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = formText(body, field.name);
    const value = valueOf(field, raw);
    if (value !== undefined) setAt(config, field.path, value);
  }
  return config;
}

function valueOf(field: ConfigFormField, raw: string): unknown {
  if (field.kind === 'checkbox') return raw === '' ? undefined : true;
  if (raw === '') return undefined;
  switch (field.kind) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    case 'lines':
      return raw.split(/[\s,]+/).filter((line) => line !== '');
    case 'secretList':
      return [raw];
    default:
      return raw;
  }
}

/** The values to show again in the form: a stored or refused config, secrets never included. */
export function formValues(fields: readonly ConfigFormField[], config: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    if (field.kind === 'secret' || field.kind === 'secretList') continue;
    const value = getAt(config, field.path);
    if (value === undefined || value === null) continue;
    values[field.name] = Array.isArray(value) ? value.map(String).join('\n') : String(value);
  }
  return values;
}

/** A config problem (`adapterConfig.signingSecrets[0]`) moved to the form field it belongs to (`webhook.signingSecrets`). */
export function problemOnForm(fields: readonly ConfigFormField[], problem: FieldProblem): FieldProblem {
  const path = problem.field.replace(/^adapterConfig\.?/, '').replace(/\[\d+\]/g, '');
  const field =
    fields.find((f) => f.path.join('.') === path) ??
    fields.find((f) => path.startsWith(`${f.path.join('.')}.`) || f.path.join('.').startsWith(`${path}.`)) ??
    fields[0];
  if (!field) return problem;
  // A field the form does not show (an unknown setting) is named in the message, on the first field.
  const message = field.path.join('.') === path || path === '' ? problem.message : `${path}: ${problem.message}`;
  return { field: field.name, message };
}

export function formText(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value.trim() : '';
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function getAt(source: Record<string, unknown>, path: string[]): unknown {
  let node: unknown = source;
  for (const key of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}
