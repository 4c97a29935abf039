import { DataSource } from 'typeorm';

/** Every table that a request can write to (all but the migrations table). */
export const STORED_TABLES = [
  'brands', 'integrations', 'channels', 'api_keys', 'end_users', 'threads', 'thread_recipients', 'messages', 'deliveries', 'thread_events', 'webchat_events',
] as const;

export type RowCounts = Record<(typeof STORED_TABLES)[number], number>;

/**
 * The number of rows in every table, in one statement: equal counts before and after a refused request show it
 * stored nothing. Counted over the whole database (not one brand), so that a row written anywhere is noticed.
 */
export async function rowCounts(db: DataSource): Promise<RowCounts> {
  const columns = STORED_TABLES.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ');
  const [row] = (await db.query(`SELECT ${columns}`)) as RowCounts[];
  return row!;
}

/** The tables whose counts differ, as `table: before → after`; empty when nothing changed. */
export function changedCounts(before: RowCounts, after: RowCounts): string[] {
  return STORED_TABLES.filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);
}
