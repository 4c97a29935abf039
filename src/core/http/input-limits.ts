import { FieldProblem } from '../errors/domain-error';

/**
 * What any value that reaches the service (a path or query parameter, a JSON or form body) must be, whatever the
 * route: Postgres refuses NUL in text and lone surrogates in jsonb, a btree index entry holds about 2,700 bytes, and
 * a deeply nested document overflows Postgres' (or PGlite's) parser stack. Field rules stay with each route; these
 * are the limits below which no field rule can go wrong.
 */
export interface InputLimits {
  /** Objects and arrays inside each other; DFO's richest message content needs well under 10. */
  maxDepth: number;
  /** Any string; the longest legitimate one is a message text (`WEBCHAT_MAX_TEXT_LENGTH` is at most 100,000). */
  maxStringLength: number;
  /** Path parameters and fields named like ids (`id`, `threadId`, `client_id`, `brandIds`): they end up in indexes. */
  maxIdLength: number;
  /** Items of one array, or fields of one object. */
  maxItems: number;
}

export const INPUT_LIMITS: InputLimits = { maxDepth: 32, maxStringLength: 100_000, maxIdLength: 255, maxItems: 1000 };

// With the `u` flag a well-formed pair is one code point, so this matches only a surrogate without its partner.
const LONE_SURROGATE = /\p{Surrogate}/u;
const UNSTORABLE = /\u0000|\p{Surrogate}/gu;
const ID_NAME = /^(id|idOnExternalPlatform|.*Ids?|.*_ids?)$/;
const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/;

/** The problem with the first string that Postgres would refuse or mangle; null when there is none. */
export function stringProblem(value: string, limit: number): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogate such as \\ud800)';
  if (value.length > limit) return `must be at most ${limit} characters`;
  return null;
}

/** Whether a field's name says it holds an id (and so is held to `maxIdLength`). */
export function isIdName(name: string): boolean {
  return ID_NAME.test(name);
}

/**
 * Walks a parsed value depth first and returns the first problem, naming the field as a JSON path
 * (`events[0].author.firstName`). It stops descending at `maxDepth`, so a hostile document costs no deep recursion.
 */
export function findInputProblem(value: unknown, field: string, limits: InputLimits = INPUT_LIMITS, idLike = false): FieldProblem | null {
  return walk(value, field, limits, idLike, 0);
}

function walk(value: unknown, field: string, limits: InputLimits, idLike: boolean, depth: number): FieldProblem | null {
  if (typeof value === 'string') {
    const message = stringProblem(value, idLike ? limits.maxIdLength : limits.maxStringLength);
    return message ? { field, message } : null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? null : { field, message: 'must be a finite number' };
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return null;
  if (depth >= limits.maxDepth) return { field, message: `must not nest deeper than ${limits.maxDepth} levels` };
  if (Array.isArray(value)) {
    if (value.length > limits.maxItems) return { field, message: `must hold at most ${limits.maxItems} items` };
    for (let i = 0; i < value.length; i++) {
      const problem = walk(value[i], `${field}[${i}]`, limits, idLike, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length > limits.maxItems) return { field, message: `must have at most ${limits.maxItems} fields` };
  for (const key of keys) {
    const keyProblem = stringProblem(key, limits.maxIdLength);
    if (keyProblem) return { field: childPath(field, key.replace(UNSTORABLE, '?')), message: `is a field name that ${keyProblem}` };
    const problem = walk((value as Record<string, unknown>)[key], childPath(field, key), limits, isIdName(key), depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** `a.b` for plain names, `a["odd key"]` otherwise (cut to 64 characters: the answer must not echo a huge key). */
function childPath(parent: string, key: string): string {
  if (PLAIN_NAME.test(key) && key.length <= 64) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)}]`;
}
