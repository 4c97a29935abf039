import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryKind } from './delivery.entity';
import { PreparedStatement } from '../core/database/prepared-statement';
import { affectedRows as affected, returnedRows } from '../core/database/sql-result';
import { Row, toDelivery } from './delivery-row';
import { CLAIM_SQL, FIND_ORPHANS_SQL, INSERT_SQL, PROMOTE_ORPHANS_SQL, PROMOTE_SQL, RECOVER_SQL, RENEW_SQL, SETTLE_SQL } from './delivery-queue.sql';

/** The worker runs these all the time: parsed and planned once per connection. */
const INSERT = new PreparedStatement<{ id: string }>(INSERT_SQL);
const CLAIM = new PreparedStatement<Row>(CLAIM_SQL);
const SETTLE = new PreparedStatement<Row>(SETTLE_SQL);
const PROMOTE = new PreparedStatement(PROMOTE_SQL);
const RECOVER = new PreparedStatement(RECOVER_SQL);
const RENEW = new PreparedStatement<{ id: string }>(RENEW_SQL);
import { NewDelivery } from './outbox.types';
import { ClaimedBatch, Settlement } from './settlement';

const STATUS_AFTER: Record<Settlement['outcome'], string> = { done: 'done', skipped: 'done', retry: 'pending', dead: 'dead', released: 'pending' };

/**
 * The outbox table as a work queue, for the workers (a row carries its brand). Every transition is conditional on
 * the row still being in the state the caller saw, and the `locked_until` value a worker claimed or renewed a row
 * with is that worker's lease token. Each method is one statement; a worker batches its work into them, so the cost
 * per delivery shrinks as the load grows.
 */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts in the caller's transaction; a delivery behind an unfinished one of its thread is written `held`. */
  async insert(deliveries: NewDelivery[], now: Date, manager: EntityManager): Promise<string[]> {
    const rows = deliveries.map((d, ord) => ({
      ord,
      brand_id: d.brandId,
      channel_id: d.channelId ?? null,
      thread_id: d.threadId ?? null,
      message_id: d.messageId ?? null,
      kind: d.kind,
      payload: d.payload,
      not_before: (d.notBefore ?? now).toISOString(),
    }));
    return (await INSERT.rows(manager, [JSON.stringify(rows)])).map((r) => r.id);
  }

  /**
   * Claims up to `limit` due deliveries in one statement (see `CLAIM_SQL`): heads of their threads only, fairly
   * across channels, expired leases first. SKIP LOCKED gives concurrent workers disjoint rows.
   */
  async claimBatch(kinds: DeliveryKind[], limit: number, now: Date, leaseUntil: Date): Promise<ClaimedBatch> {
    if (kinds.length === 0 || limit <= 0) return { deliveries: [], more: false };
    const rows = await CLAIM.rows(this.dataSource, [kinds, limit, now, leaseUntil]);
    const deliveries = rows.map(toDelivery).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
    return { deliveries, more: rows.some((r: Row) => r.more === true) };
  }

  /** `claimBatch` without the hint. */
  async claim(kinds: DeliveryKind[], limit: number, now: Date, leaseUntil: Date) {
    return (await this.claimBatch(kinds, limit, now, leaseUntil)).deliveries;
  }

  /**
   * Writes back many settlements in one statement. Returns the ids that were settled (the others had lost their
   * lease) and the threads whose head finished, for `promote`.
   */
  async settle(settlements: Settlement[], now: Date): Promise<{ settled: Set<string>; finishedThreads: string[] }> {
    if (settlements.length === 0) return { settled: new Set(), finishedThreads: [] };
    const col = <T>(pick: (s: Settlement) => T) => settlements.map(pick);
    const rows = await SETTLE.rows(this.dataSource, [
      col((s) => s.delivery.id),
      col((s) => s.delivery.lockedUntil),
      col((s) => STATUS_AFTER[s.outcome]),
      col((s) => (s.outcome === 'retry' ? s.nextAttemptAt : s.outcome === 'released' ? now : null)),
      col((s) => (s.outcome === 'retry' || s.outcome === 'dead' ? s.reason : null)),
      col((s) => s.outcome === 'released'),
      now,
    ]);
    const finished = rows.filter((r) => r.thread_id && (r.status === 'done' || r.status === 'dead')).map((r) => r.thread_id as string);
    return { settled: new Set(rows.map((r) => String(r.id))), finishedThreads: [...new Set(finished)] };
  }

  /** Releases the next held delivery of each thread whose head finished. */
  async promote(threadIds: string[]): Promise<number> {
    if (threadIds.length === 0) return 0;
    return (await PROMOTE.run(this.dataSource, [threadIds])).rowCount ?? 0;
  }

  /** Retried deliveries of these kinds on these channels succeeded: make their fellows in backoff due `now`. */
  async recover(lanes: Array<{ channelId: string; kind: string }>, now: Date): Promise<number> {
    if (lanes.length === 0) return 0;
    return (await RECOVER.run(this.dataSource, [lanes.map((l) => l.channelId), lanes.map((l) => l.kind), now])).rowCount ?? 0;
  }

  /** Held deliveries whose thread has no head right now: candidates for `promoteOrphans` (see `FIND_ORPHANS_SQL`). */
  async findOrphans(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(FIND_ORPHANS_SQL);
    return rows.map((r) => r.id);
  }

  /** The backstop for a release that never ran (a crash between the settle and the promotion): still orphaned? */
  async promoteOrphans(candidates: string[]): Promise<number> {
    if (candidates.length === 0) return 0;
    return returnedRows<Row>(await this.dataSource.query(PROMOTE_ORPHANS_SQL, [candidates])).length;
  }

  /** Extends the given leases; returns the ids still held (the new token is `until`). */
  async renew(leases: Array<{ id: string; token: Date | null }>, until: Date): Promise<Set<string>> {
    if (leases.length === 0) return new Set();
    const rows = await RENEW.rows(this.dataSource, [leases.map((l) => l.id), leases.map((l) => l.token), until]);
    return new Set(rows.map((r) => String(r.id)));
  }

  /** Marks a still-pending delivery done (its work was done inline); false if a worker has it already. */
  async completePending(id: string, now: Date): Promise<boolean> {
    const rows = returnedRows<Row>(
      await this.dataSource.query(`UPDATE deliveries SET status = 'done', completed_at = $2 WHERE id = $1 AND status = 'pending' RETURNING thread_id`, [id, now]),
    );
    const threadId = rows[0]?.thread_id as string | null | undefined;
    if (threadId) await this.promote([threadId]);
    return rows.length > 0;
  }

  /** Makes a pending delivery due now (an inline attempt failed, so the outbox takes over at once). */
  async makeDue(id: string, now: Date, reason: string): Promise<boolean> {
    const res = await this.dataSource.query(`UPDATE deliveries SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`, [id, now, reason]);
    return affected(res) > 0;
  }
}
