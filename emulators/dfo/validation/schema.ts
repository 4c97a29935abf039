/**
 * A small declarative validator for DFO request bodies. It reports every problem with its property path
 * (`thread.idOnExternalPlatform`, `recipients[0].name`) and a message worded like DFO's Symfony validator
 * ("This value should not be blank."), and it rejects fields it does not know: the emulator refuses what it cannot
 * know to be valid, so a middleware cannot pass by sending rubbish that real DFO might silently ignore.
 */

export interface Problem {
  field: string;
  message: string;
  /** The emulator's own code for the kind of problem (DFO's codes are not public). */
  errorCode: string;
}

export type Check = (value: unknown, path: string, out: Problem[]) => void;

export interface FieldSpec {
  check: Check;
  required: boolean;
  nullable: boolean;
}

/** An object check also knows its fields, so a missing required object reports its required fields by name. */
interface ObjectCheck extends Check {
  fields?: Record<string, FieldSpec>;
}

export const MESSAGES = {
  blank: 'This value should not be blank.',
  null: 'This value should not be null.',
  extra: 'This field was not expected.',
  choice: 'The value you selected is not a valid choice.',
  type: (t: string) => `This value should be of type ${t}.`,
} as const;

export function problem(out: Problem[], field: string, message: string, errorCode: string): void {
  out.push({ field, message, errorCode });
}

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name);

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function required(check: Check): FieldSpec {
  return { check, required: true, nullable: false };
}
export function optional(check: Check, options: { nullable?: boolean } = {}): FieldSpec {
  return { check, required: false, nullable: options.nullable ?? false };
}

export function object(fields: Record<string, FieldSpec>, options: { allowExtra?: boolean } = {}): Check {
  const check: ObjectCheck = (value, path, out) => {
    if (!isPlainObject(value)) return problem(out, path || 'body', MESSAGES.type('object'), 'INVALID_TYPE');
    for (const [name, spec] of Object.entries(fields)) {
      const fieldPath = join(path, name);
      const v = value[name];
      if (v === undefined) {
        if (spec.required) reportMissing(spec, fieldPath, out);
      } else if (v === null) {
        if (!spec.nullable) problem(out, fieldPath, spec.required ? MESSAGES.blank : MESSAGES.null, spec.required ? 'IS_BLANK' : 'IS_NULL');
      } else {
        spec.check(v, fieldPath, out);
      }
    }
    if (!options.allowExtra) {
      for (const name of Object.keys(value)) {
        if (!(name in fields)) problem(out, join(path, name), MESSAGES.extra, 'EXTRA_FIELD');
      }
    }
  };
  check.fields = fields;
  return check;
}

/**
 * A missing required object is validated as an empty one, so the error names the field a caller must send
 * (`thread.idOnExternalPlatform`, as in docs/dfo-contract.md d.8) rather than only the object.
 */
function reportMissing(spec: FieldSpec, path: string, out: Problem[]): void {
  const fields = (spec.check as ObjectCheck).fields;
  const requiredChildren = fields ? Object.entries(fields).filter(([, s]) => s.required) : [];
  if (requiredChildren.length === 0) return problem(out, path, MESSAGES.blank, 'IS_BLANK');
  for (const [name, child] of requiredChildren) reportMissing(child, join(path, name), out);
}

export function string(options: { allowBlank?: boolean; maxLength?: number; pattern?: RegExp; patternMessage?: string } = {}): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') return problem(out, path, MESSAGES.type('string'), 'INVALID_TYPE');
    if (!options.allowBlank && value.trim() === '') return problem(out, path, MESSAGES.blank, 'IS_BLANK');
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      return problem(out, path, `This value is too long. It should have ${options.maxLength} characters or less.`, 'TOO_LONG');
    }
    if (options.pattern && value !== '' && !options.pattern.test(value)) {
      problem(out, path, options.patternMessage ?? 'This value is not valid.', 'INVALID_FORMAT');
    }
  };
}

export function boolean(): Check {
  return (value, path, out) => {
    if (typeof value !== 'boolean') problem(out, path, MESSAGES.type('bool'), 'INVALID_TYPE');
  };
}

export function integer(options: { min?: number; max?: number } = {}): Check {
  return (value, path, out) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return problem(out, path, MESSAGES.type('int'), 'INVALID_TYPE');
    if (options.min !== undefined && value < options.min) problem(out, path, `This value should be ${options.min} or more.`, 'TOO_LOW');
    if (options.max !== undefined && value > options.max) problem(out, path, `This value should be ${options.max} or less.`, 'TOO_HIGH');
  };
}

export function number(): Check {
  return (value, path, out) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) problem(out, path, MESSAGES.type('numeric'), 'INVALID_TYPE');
  };
}

export function oneOf(values: readonly string[]): Check {
  return (value, path, out) => {
    if (typeof value !== 'string' || !values.includes(value)) problem(out, path, MESSAGES.choice, 'INVALID_CHOICE');
  };
}

export function arrayOf(item: Check, options: { min?: number; max?: number } = {}): Check {
  return (value, path, out) => {
    if (!Array.isArray(value)) return problem(out, path, MESSAGES.type('array'), 'INVALID_TYPE');
    if (options.min !== undefined && value.length < options.min) {
      return problem(out, path, `This collection should contain ${options.min} element or more.`, 'TOO_FEW');
    }
    if (options.max !== undefined && value.length > options.max) {
      return problem(out, path, `This collection should contain ${options.max} elements or less.`, 'TOO_MANY');
    }
    value.forEach((v, i) => {
      const itemPath = `${path}[${i}]`;
      if (v === null || v === undefined) problem(out, itemPath, MESSAGES.null, 'IS_NULL');
      else item(v, itemPath, out);
    });
  };
}

/** Any JSON object whose inner shape the contract does not pin down (e.g. an adaptive card body). */
export function anyObject(): Check {
  return (value, path, out) => {
    if (!isPlainObject(value)) problem(out, path, MESSAGES.type('object'), 'INVALID_TYPE');
  };
}

/** Runs several checks on the same value (e.g. a shape check and a cross-field rule). */
export function all(...checks: Check[]): Check {
  const check: ObjectCheck = (value, path, out) => {
    const before = out.length;
    for (const c of checks) {
      c(value, path, out);
      if (out.length > before) return;
    }
  };
  // The first check decides the shape, so a missing value reports its fields as that check would.
  check.fields = (checks[0] as ObjectCheck | undefined)?.fields;
  return check;
}

/** No DFO body nests this deep; refusing it first keeps recursive checks off a stack overflow. */
const MAX_DEPTH = 32;

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function validate(check: Check, value: unknown, path = ''): Problem[] {
  const out: Problem[] = [];
  if (depthOf(value) > MAX_DEPTH) return [{ field: path || 'body', message: `This value is nested more than ${MAX_DEPTH} levels deep.`, errorCode: 'TOO_DEEP' }];
  if (value === undefined || value === null) {
    const fields = (check as ObjectCheck).fields;
    check(fields ? {} : value, path, out);
  } else {
    check(value, path, out);
  }
  return out;
}
