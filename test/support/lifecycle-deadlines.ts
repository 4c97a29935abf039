import { Db } from './database';
import { waitFor } from './wait';

/** A thread by our id, or by its channel and the platform's thread id (what a web chat session or webhook names). */
export type ThreadKey = { id: string } | { channelId: string; externalId: string };

/**
 * Drives a lifecycle deadline instead of waiting for it: the deadlines are columns that the real sweeps compare with
 * now, so moving one into the past is exactly "the time has come", and the next sweep (every `LIFECYCLE_TICK_MS`)
 * acts as it would after the wait. Waits until the thread is in `status` with the deadline set (the agent's message
 * starts the idle clock; the warning starts the countdown), then moves it; returns our thread id.
 */
async function runOut(db: Db, key: ThreadKey, column: 'idle_deadline_at' | 'close_deadline_at', status: string, what: string): Promise<string> {
  const [match, params] = 'id' in key ? ['id = $2', [key.id]] : ['channel_id = $2 AND id_on_external_platform = $3', [key.channelId, key.externalId]];
  const sql = `WITH moved AS (
      UPDATE threads SET ${column} = now() - interval '1 second'
      WHERE ${match} AND status = $1 AND ${column} IS NOT NULL RETURNING id
    ) SELECT id FROM moved`;
  const [moved] = await waitFor(async () => {
    const rows = await db.query<{ id: string }>(sql, [status, ...params]);
    return rows.length > 0 && rows;
  }, `${what} of ${JSON.stringify(key)} to be running`);
  return moved!.id;
}

/** The idle timeout of an open thread runs out now: the idle sweep warns the end user. */
export function runOutIdleTimeout(db: Db, key: ThreadKey): Promise<string> {
  return runOut(db, key, 'idle_deadline_at', 'open', 'the idle clock');
}

/** The close countdown of a warned thread runs out now (waiting for the warning first): the close sweep closes it. */
export function runOutCountdown(db: Db, key: ThreadKey): Promise<string> {
  return runOut(db, key, 'close_deadline_at', 'idle_warning', 'the close countdown');
}
