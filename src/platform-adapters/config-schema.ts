import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020';
import { FieldProblem } from '../core/errors/domain-error';
import { ConfigSchema, ConfigSchemaNode } from './adapter-descriptor';

/**
 * Validates an `adapterConfig` against its adapter's declared JSON Schema (draft 2020-12, as the catalogue says), with
 * every problem naming its field as the admin API shows it (`adapterConfig.signingSecrets[0]`). Strict mode makes a
 * typo in a schema fail at boot instead of letting bad configs through.
 */
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addKeyword({ keyword: 'x-invalid', schemaType: 'string' });

const compiled = new WeakMap<ConfigSchema, ValidateFunction>();

export function compileConfigSchema(schema: ConfigSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema as object);
    compiled.set(schema, validate);
  }
  return validate;
}

export function configSchemaProblems(schema: ConfigSchema, adapterTitle: string, config: Record<string, unknown>): FieldProblem[] {
  const validate = compileConfigSchema(schema);
  if (validate(config)) return [];
  const problems: FieldProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = toProblem(schema, adapterTitle, error);
    // allErrors reports minLength and maxLength (say) separately: one line per field is enough.
    if (!problems.some((p) => p.field === problem.field)) problems.push(problem);
  }
  return problems;
}

function toProblem(schema: ConfigSchema, adapterTitle: string, error: ErrorObject): FieldProblem {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const base = fieldName(segments);
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    return { field: `${base}.${missing}`, message: messageFor(nodeAt(schema, [...segments, missing])) ?? 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    return { field: `${base}.${extra}`, message: `is not a ${adapterTitle} setting` };
  }
  return { field: base, message: messageFor(nodeAt(schema, segments)) ?? describe(nodeAt(schema, segments), error) };
}

/** `['signingSecrets', '0']` → `adapterConfig.signingSecrets[0]`. */
function fieldName(segments: string[]): string {
  return segments.reduce((name, s) => (/^\d+$/.test(s) ? `${name}[${s}]` : `${name}.${s}`), 'adapterConfig');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function nodeAt(schema: ConfigSchemaNode, segments: string[]): ConfigSchemaNode | undefined {
  let node: ConfigSchemaNode | undefined = schema;
  for (const s of segments) node = /^\d+$/.test(s) ? node?.items : node?.properties?.[s];
  return node;
}

function messageFor(node: ConfigSchemaNode | undefined): string | undefined {
  return node?.['x-invalid'];
}

/** A readable sentence from the schema itself, for fields that declare no message of their own. */
function describe(node: ConfigSchemaNode | undefined, error: ErrorObject): string {
  if (!node) return error.message ?? 'is invalid';
  switch (node.type) {
    case 'string':
      if (node.enum) return `must be one of ${node.enum.join(', ')}`;
      if (node.minLength !== undefined || node.maxLength !== undefined) {
        return `must be a string of ${node.minLength ?? 0} to ${node.maxLength ?? 'any number of'} characters`;
      }
      return 'must be a string';
    case 'integer':
    case 'number':
      return `must be ${node.type === 'integer' ? 'a whole number' : 'a number'}${range(node.minimum, node.maximum)}`;
    case 'boolean':
      return 'must be true or false';
    case 'array':
      return `must be a list of ${node.minItems ?? 0} to ${node.maxItems ?? 'any number of'} items`;
    case 'object':
      return 'must be an object';
  }
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  return max !== undefined ? ` of at most ${max}` : '';
}
