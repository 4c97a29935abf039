import { Db } from './database';
import { waitFor } from './wait';

/** Whose deliveries: one thread's, one channel's or one brand's. */
export type OutboxScope = { threadId: string } | { channelId: string } | { brandId: string };

/** Deliveries counted by `"<kind> <status>"`, e.g. `{ 'platform.event done': 2, 'dfo.case_status done': 1 }`. */
export type OutboxCounts = Record<string, number>;

function where(scope: OutboxScope): [string, string] {
  if ('threadId' in scope) return ['thread_id = $1', scope.threadId];
  if ('channelId' in scope) return ['channel_id = $1', scope.channelId];
  return ['brand_id = $1', scope.brandId];
}

/** The scope's deliveries by kind and status. */
export async function outboxCounts(db: Db, scope: OutboxScope): Promise<OutboxCounts> {
  const [condition, id] = where(scope);
  const rows = await db.query<{ key: string; n: number }>(`SELECT kind || ' ' || status AS key, count(*)::int AS n FROM deliveries WHERE ${condition} GROUP BY 1 ORDER BY 1`, [id]);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

/**
 * Waits until nothing of the scope is pending or in flight, and returns its counts. From then on nothing more of it
 * reaches DFO or a platform unless something new is enqueued: "nothing else arrived" is then a fact to assert on the
 * counts and on the fakes' logs, not a hope after a sleep. Wait first for what enqueues the last delivery (a close
 * seen at the platform, a message stored), or the outbox may be settled only because it has not begun.
 */
export async function outboxSettled(db: Db, scope: OutboxScope, timeoutMs = 15_000): Promise<OutboxCounts> {
  let counts: OutboxCounts = {};
  await waitFor(
    async () => {
      counts = await outboxCounts(db, scope);
      return !Object.keys(counts).some((key) => key.endsWith(' pending') || key.endsWith(' in_flight'));
    },
    () => `the outbox of ${JSON.stringify(scope)} to settle; it holds ${JSON.stringify(counts)}`,
    timeoutMs,
  );
  return counts;
}
