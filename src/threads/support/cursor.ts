import { ThreadsError } from '../threads.errors';

/**
 * Opaque page cursors: base64url JSON of the last row's sort key. Timestamps travel as Postgres text with
 * microseconds (JS dates would round them and skip or repeat rows that share a millisecond). Every value is checked
 * against its kind before it reaches SQL, so a forged cursor is a 400, never a 500.
 */
export type CursorValueKind = 'uuid' | 'bigint' | 'timestamp';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PATTERNS: Record<CursorValueKind, RegExp> = {
  uuid: UUID_PATTERN,
  bigint: /^[1-9][0-9]{0,17}$/,
  timestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
};

export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string, shape: Record<K, CursorValueKind>): Record<K, string> {
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null) parsed = value as Record<string, unknown>;
  } catch {
    // falls through to the check below
  }
  for (const [field, kind] of Object.entries(shape) as [K, CursorValueKind][]) {
    const value = parsed[field];
    const valid = typeof value === 'string' && PATTERNS[kind].test(value) && (kind !== 'timestamp' || !Number.isNaN(Date.parse(value)));
    if (!valid) throw new ThreadsError('CURSOR.INVALID', 'cursor: not a cursor this endpoint returned', { field: 'cursor' });
  }
  return parsed as Record<K, string>;
}

/** Postgres expression rendering a timestamptz as UTC text with microseconds, for cursors. */
export function cursorTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
