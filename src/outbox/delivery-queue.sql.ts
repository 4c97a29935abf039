/**
 * The outbox's SQL, kept apart from the code that runs it so each statement can be read whole. Every statement is
 * one round trip; see `DeliveryQueue` for what each one is for.
 */

/**
 * Whether a new delivery of `threadId` must wait behind an earlier one (`held`). It locks the thread's oldest
 * unfinished delivery FOR SHARE, which is what makes "held" safe without a sweep: the settle that finishes that row
 * (or the promotion that releases it) must wait for the inserting transaction to commit, so the promotion that
 * follows (a later statement) sees the new row. `laterInBatch` marks the second and later rows of one thread in the
 * same insert.
 */
export function heldExpression(threadId: string, laterInBatch = 'false'): string {
  return `(${threadId} IS NOT NULL AND (${laterInBatch} OR EXISTS (
    SELECT 1 FROM (SELECT o.id FROM deliveries o WHERE o.thread_id = ${threadId} AND o.status IN ('pending', 'in_flight')
                   ORDER BY o.id LIMIT 1 FOR SHARE OF o) head)))`;
}

/** $1: a JSON array of `{ord, brand_id, channel_id, thread_id, message_id, kind, payload, not_before}`. */
export const INSERT_SQL = `
  INSERT INTO deliveries (brand_id, channel_id, thread_id, message_id, kind, payload, status, attempts, next_attempt_at, held)
  SELECT x.brand_id, x.channel_id, x.thread_id, x.message_id, x.kind, x.payload, 'pending', 0, x.not_before,
         ${heldExpression('x.thread_id', 'x.thread_rank > 1')}
  FROM (SELECT r.*, row_number() OVER (PARTITION BY r.thread_id ORDER BY r.ord) AS thread_rank
        FROM jsonb_to_recordset($1::jsonb) AS r(ord int, brand_id uuid, channel_id uuid, thread_id uuid, message_id uuid,
                                               kind text, payload jsonb, not_before timestamptz)) x
  ORDER BY x.ord
  RETURNING id::text AS id`;

/** Unfinished deliveries of the same thread with a smaller id: a candidate with one is not its thread's head. */
const NOT_BEHIND = `NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.thread_id = c.thread_id AND o.id < c.id AND o.status IN ('pending', 'in_flight'))`;

/** Claimable: pending, not held, due, of a kind this instance handles, and the head of its thread. */
const READY = `c.status = 'pending' AND NOT c.held AND c.next_attempt_at <= $3 AND c.kind = ANY($1::text[]) AND ${NOT_BEHIND}`;

/**
 * Claims up to $2 deliveries of kinds $1 at time $3 with lease $4, fairly across channels ("lanes").
 *
 * - `chans` lists the channels that have ready-looking rows with a loose index scan of `deliveries_ready_idx`: one
 *   probe per channel, whatever its backlog. Deliveries without a channel form one more lane.
 * - Each lane offers its `k` oldest due rows, k = limit / lanes, through the same index; the final order takes every
 *   lane's first row, then every lane's second, and so on. A 10,000-row campaign on one channel therefore cannot
 *   push a live conversation on another channel behind it: each claim gives the other lane its share.
 * - Rows whose lease expired (their worker died) come first, whatever their lane.
 * - `more`: some lane offered all it was allowed, so the caller should claim again if it has room.
 */
export const CLAIM_SQL = `
  WITH RECURSIVE chans AS (
    (SELECT c.channel_id FROM deliveries c WHERE c.status = 'pending' AND NOT c.held AND c.channel_id IS NOT NULL ORDER BY c.channel_id LIMIT 1)
    UNION ALL
    SELECT (SELECT c.channel_id FROM deliveries c WHERE c.status = 'pending' AND NOT c.held AND c.channel_id > p.channel_id ORDER BY c.channel_id LIMIT 1)
    FROM chans p WHERE p.channel_id IS NOT NULL
  ),
  lanes AS (SELECT channel_id FROM chans WHERE channel_id IS NOT NULL),
  share AS (
    SELECT ceil($2::numeric / GREATEST(1, (SELECT count(*) FROM lanes)
      + (SELECT count(*) FROM (SELECT 1 FROM deliveries c WHERE c.channel_id IS NULL AND c.status = 'pending' AND NOT c.held LIMIT 1) n)))::int AS k
  ),
  candidates AS (
    SELECT 'lease' AS lane, x.id, x.next_attempt_at, 0::bigint AS lane_rank FROM (
      SELECT c.id, c.next_attempt_at FROM deliveries c
      WHERE c.status = 'in_flight' AND c.locked_until < $3 AND c.kind = ANY($1::text[]) AND ${NOT_BEHIND}
      ORDER BY c.locked_until LIMIT $2 FOR UPDATE OF c SKIP LOCKED) x
    UNION ALL
    SELECT l.channel_id::text, x.id, x.next_attempt_at, row_number() OVER (PARTITION BY l.channel_id ORDER BY x.next_attempt_at, x.id)
    FROM lanes l CROSS JOIN LATERAL (
      SELECT c.id, c.next_attempt_at FROM deliveries c WHERE c.channel_id = l.channel_id AND ${READY}
      ORDER BY c.next_attempt_at, c.id LIMIT (SELECT k FROM share) FOR UPDATE OF c SKIP LOCKED) x
    UNION ALL
    SELECT 'none', x.id, x.next_attempt_at, row_number() OVER (ORDER BY x.next_attempt_at, x.id) FROM (
      SELECT c.id, c.next_attempt_at FROM deliveries c WHERE c.channel_id IS NULL AND ${READY}
      ORDER BY c.next_attempt_at, c.id LIMIT (SELECT k FROM share) FOR UPDATE OF c SKIP LOCKED) x
  ),
  picked AS (SELECT id FROM candidates ORDER BY lane_rank, next_attempt_at, id LIMIT $2)
  UPDATE deliveries d SET status = 'in_flight', attempts = d.attempts + 1, locked_until = $4
  FROM picked WHERE d.id = picked.id
  RETURNING d.*, EXISTS (SELECT 1 FROM candidates WHERE lane <> 'lease' GROUP BY lane HAVING count(*) >= (SELECT k FROM share)) AS more`;

/**
 * Settles claimed deliveries in one statement, each conditional on the caller still holding its lease
 * (`locked_until` = the token it claimed or renewed with). Columns of $1..$6: id, lease token, new status,
 * next attempt (retries and hand-backs), error (retries and deaths), whether it is a hand-back (the interrupted
 * attempt is not counted). $7: now.
 */
export const SETTLE_SQL = `
  UPDATE deliveries d SET
    status = x.status,
    next_attempt_at = COALESCE(x.next_at, d.next_attempt_at),
    last_error = CASE WHEN x.status = 'done' THEN NULL ELSE COALESCE(x.err, d.last_error) END,
    completed_at = CASE WHEN x.status IN ('done', 'dead') THEN $7::timestamptz ELSE d.completed_at END,
    attempts = CASE WHEN x.release THEN GREATEST(d.attempts - 1, 0) ELSE d.attempts END,
    locked_until = NULL
  FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::timestamptz[], $5::text[], $6::boolean[]) AS x(id, token, status, next_at, err, release)
  WHERE d.id = x.id AND d.status = 'in_flight' AND d.locked_until = x.token
  RETURNING d.id::text AS id, d.thread_id, d.status`;

/**
 * Releases the next held delivery of each thread in $1 whose head has finished. A separate statement from the
 * settle on purpose: it must see rows inserted by transactions the settle waited for (see `heldExpression`).
 */
export const PROMOTE_SQL = `
  UPDATE deliveries d SET held = false
  FROM unnest($1::uuid[]) AS t(thread_id)
  CROSS JOIN LATERAL (
    SELECT h.id FROM deliveries h WHERE h.thread_id = t.thread_id AND h.status = 'pending' AND h.held ORDER BY h.id LIMIT 1) nx
  WHERE d.id = nx.id AND d.held
    AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.thread_id = t.thread_id AND o.status IN ('pending', 'in_flight') AND NOT o.held)
  RETURNING d.id::text AS id`;

/**
 * A retried delivery succeeded: the other side is back. Deliveries of the same kind on the same channels ($1, $2)
 * that wait out a backoff from an earlier failure become due now ($3), instead of each one sleeping out its own
 * (up to `OUTBOX_BACKOFF_MAX_MS`) after an outage is over.
 */
export const RECOVER_SQL = `
  UPDATE deliveries d SET next_attempt_at = $3
  FROM unnest($1::uuid[], $2::text[]) AS x(channel_id, kind)
  WHERE d.channel_id = x.channel_id AND d.kind = x.kind AND d.status = 'pending' AND NOT d.held
    AND d.next_attempt_at > $3 AND d.attempts > 0
  RETURNING d.id::text AS id`;

/**
 * The backstop, first half: held deliveries that look orphaned, the first held one of a thread without a head. A
 * thread between the settle of its head and the release of the next one looks the same for a moment, so these are
 * only candidates; `PROMOTE_ORPHANS_SQL` releases the ones still orphaned a sweep later.
 */
export const FIND_ORPHANS_SQL = `
  SELECT first.id::text AS id
  FROM (SELECT DISTINCT ON (h.thread_id) h.id, h.thread_id FROM deliveries h
        WHERE h.status = 'pending' AND h.held ORDER BY h.thread_id, h.id) first
  WHERE NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.thread_id = first.thread_id AND o.status IN ('pending', 'in_flight') AND NOT o.held)`;

/** The backstop, second half: releases the candidates $1 that are still the first held delivery of a headless thread. */
export const PROMOTE_ORPHANS_SQL = `
  UPDATE deliveries d SET held = false
  WHERE d.id = ANY($1::bigint[]) AND d.held AND d.status = 'pending'
    AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.thread_id = d.thread_id AND o.status IN ('pending', 'in_flight') AND NOT o.held)
    AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.thread_id = d.thread_id AND e.status = 'pending' AND e.held AND e.id < d.id)
  RETURNING d.id::text AS id`;

/** Extends the leases $1 (ids) held with tokens $2 to $3; returns the ids still held. */
export const RENEW_SQL = `
  UPDATE deliveries d SET locked_until = $3
  FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, token)
  WHERE d.id = x.id AND d.status = 'in_flight' AND d.locked_until = x.token
  RETURNING d.id::text AS id`;

/** SQL expressions (column references of `from`, or parameters) for a delivery written by someone else's statement. */
export interface DeliveryColumnsSql {
  from: string;
  brandId: string;
  channelId: string;
  threadId: string;
  messageId: string;
  kind: string;
  payload: string;
  notBefore: string;
}

/**
 * `INSERT … SELECT` of one delivery per row of `from`, with the same rules as `INSERT_SQL` (held behind an unfinished
 * delivery of its thread), for a writer that puts its state change and its delivery in one statement.
 */
export function insertFromSql(c: DeliveryColumnsSql): string {
  return `INSERT INTO deliveries (brand_id, channel_id, thread_id, message_id, kind, payload, status, attempts, next_attempt_at, held)
    SELECT ${c.brandId}, ${c.channelId}, ${c.threadId}, ${c.messageId}, ${c.kind}, ${c.payload}, 'pending', 0, ${c.notBefore},
           ${heldExpression(c.threadId)}
    FROM ${c.from}
    RETURNING id`;
}
