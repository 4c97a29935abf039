import { QueryFailedError } from 'typeorm';

export const CENSOR = '[Redacted]';

/** Field names (compared lower-case, without `_` and `-`) whose values never reach a log line, at any depth. */
const SECRET_NAMES = new Set([
  'authorization', 'cookie', 'setcookie', 'key', 'apikey',
  // end-user content and identity
  'text', 'body', 'rawbody', 'content', 'messagecontent', 'attachments',
  'name', 'firstname', 'lastname', 'surname', 'nickname', 'fullname', 'displayname', 'username', 'email', 'phone', 'image',
  // what database errors carry: the statement, its parameters (end-user values) and the offending row
  'query', 'parameters', 'detail', 'where', 'internalquery',
]);
const SECRET_PARTS = ['secret', 'password', 'passphrase', 'token', 'signature', 'credential', 'privatekey'];
/** Error fields worth keeping: codes and identifiers, never values. */
const ERROR_FIELDS = ['code', 'status', 'statusCode', 'kind', 'errno', 'syscall', 'constraint', 'table', 'column', 'routine'] as const;
const MAX_DEPTH = 8;

export function isSecretName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_]/g, '');
  if (normalized === 'context') return false; // nestjs-pino's logger name, not a text
  return SECRET_NAMES.has(normalized) || SECRET_PARTS.some((part) => normalized.includes(part)) || normalized.endsWith('text');
}

/** Strips credentials that travel in query strings (SSE `?token=`, action-page `token=`) from logged URLs. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:token|ticket|access_token|sessionToken|client_secret)=)[^&]*/gi, `$1${CENSOR}`);
}

/**
 * An error as a log line may show it: its type, message, stack, codes and cause, and nothing else. TypeORM's
 * QueryFailedError carries the statement, its parameters (end-user text) and Postgres' `detail` (the offending row);
 * those are left out, and the quoted value a data error echoes in its message is blanked.
 */
export function serializeError(err: Error, seen = new WeakSet<object>(), depth = 0): Record<string, unknown> {
  seen.add(err);
  const driver = err instanceof QueryFailedError ? (err.driverError as Record<string, unknown> | undefined) : undefined;
  const source = (driver ?? err) as unknown as Record<string, unknown>;
  const pgCode = typeof source.code === 'string' ? source.code : undefined;
  const echoesValues = err instanceof SyntaxError || (driver !== undefined && pgCode !== undefined && /^2[23]/.test(pgCode));
  const message = echoesValues ? blankQuoted(String(source.message ?? err.message)) : err.message;
  const out: Record<string, unknown> = { type: err.constructor?.name ?? err.name, message };
  if (err.stack) out.stack = err.stack.replace(err.message, message);
  for (const field of ERROR_FIELDS) {
    const value = source[field] ?? (err as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined) out.cause = sanitize(cause, seen, depth + 1);
  return out;
}

/**
 * A copy of a value fit for a log line, at any depth: secret and personal fields censored, errors serialized as
 * above, URLs without credentials. Streams, sockets and buffers are left to pino's own serializers.
 */
export function sanitizeLogObject<T extends object>(value: T): T {
  return sanitize(value, new WeakSet(), 0) as T;
}

function sanitize(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return seen.has(value) ? '[Circular]' : serializeError(value, seen, depth);
  if (isOpaque(value)) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => sanitize(item, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (isSecretName(key)) out[key] = item === null || item === undefined ? item : CENSOR;
    else if (typeof item === 'string' && /url$/i.test(key)) out[key] = redactUrl(item);
    else out[key] = sanitize(item, seen, depth + 1);
  }
  return out;
}

/** Values pino serializes itself (requests, responses) or that have no fields to censor. */
function isOpaque(value: object): boolean {
  const v = value as { on?: unknown; pipe?: unknown };
  return Buffer.isBuffer(value) || ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp || typeof v.on === 'function' || typeof v.pipe === 'function';
}

/** `invalid input syntax for type uuid: "<value>"` → `... "[Redacted]"`. */
function blankQuoted(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, `"${CENSOR}"`);
}
