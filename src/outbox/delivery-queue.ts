import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { affectedRows, returnedRows } from '../core/database/sql-result';
import { DeliveryEntity, DeliveryKind } from './delivery.entity';
import { NewDelivery } from './outbox.types';

type Row = Record<string, unknown>;

function toDelivery(row: Row): DeliveryEntity {
  const d = new DeliveryEntity();
  d.id = String(row.id);
  d.brandId = row.brand_id as string;
  d.channelId = (row.channel_id as string | null) ?? null;
  d.threadId = (row.thread_id as string | null) ?? null;
  d.messageId = (row.message_id as string | null) ?? null;
  d.kind = row.kind as DeliveryKind;
  d.payload = row.payload as Record<string, unknown>;
  d.status = row.status as DeliveryEntity['status'];
  d.attempts = Number(row.attempts);
  d.nextAttemptAt = new Date(row.next_attempt_at as string);
  d.lockedUntil = row.locked_until ? new Date(row.locked_until as string) : null;
  d.lastError = (row.last_error as string | null) ?? null;
  d.completedAt = row.completed_at ? new Date(row.completed_at as string) : null;
  d.createdAt = new Date(row.created_at as string);
  d.updatedAt = new Date(row.updated_at as string);
  return d;
}

/**
 * The outbox table as a work queue. This is the cross-brand side used by the workers (a delivery row carries its
 * brand); every transition is conditional on the row still being in the state the caller saw, and the
 * `locked_until` value a worker set when it claimed a row is that worker's lease token.
 */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly dataSource: DataSource) {}

  async insert(deliveries: NewDelivery[], now: Date, manager: EntityManager): Promise<string[]> {
    const params: unknown[] = [];
    const tuples = deliveries.map((d) => {
      const n = params.push(d.brandId, d.channelId ?? null, d.threadId ?? null, d.messageId ?? null, d.kind, d.payload, d.notBefore ?? now);
      const p = (i: number) => `$${n - 7 + i}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, 'pending', 0, ${p(7)})`;
    });
    const rows: Row[] = await manager.query(
      `INSERT INTO deliveries (brand_id, channel_id, thread_id, message_id, kind, payload, status, attempts, next_attempt_at)
       VALUES ${tuples.join(', ')} RETURNING id`,
      params,
    );
    return rows.map((r) => String(r.id));
  }

  /**
   * Claims up to `limit` due deliveries in one short statement (PGlite has a single connection). A delivery is due
   * when it is pending and its time has come, or in flight with an expired lease (its worker died). It is claimable
   * only as the oldest unfinished delivery of its thread, so one thread goes out strictly in order while different
   * threads go out in parallel; `dead` rows do not block. SKIP LOCKED gives concurrent workers disjoint rows.
   */
  async claim(kinds: DeliveryKind[], limit: number, now: Date, leaseUntil: Date): Promise<DeliveryEntity[]> {
    if (kinds.length === 0 || limit <= 0) return [];
    const rows = returnedRows<Row>(await this.dataSource.query(
      `UPDATE deliveries d SET status = 'in_flight', attempts = d.attempts + 1, locked_until = $4
       FROM (
         SELECT c.id FROM deliveries c
         WHERE c.kind = ANY($1::text[])
           AND ((c.status = 'pending' AND c.next_attempt_at <= $3) OR (c.status = 'in_flight' AND c.locked_until < $3))
           AND NOT EXISTS (
             SELECT 1 FROM deliveries o
             WHERE o.thread_id = c.thread_id AND o.id < c.id AND o.status IN ('pending', 'in_flight'))
         ORDER BY c.id
         LIMIT $2
         FOR UPDATE OF c SKIP LOCKED
       ) picked
       WHERE d.id = picked.id
       RETURNING d.*`,
      [kinds, limit, now, leaseUntil],
    ));
    return rows.map(toDelivery).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  }

  async complete(delivery: DeliveryEntity, now: Date): Promise<boolean> {
    return this.transition(delivery, `status = 'done', completed_at = $3, last_error = NULL`, [now]);
  }

  async reschedule(delivery: DeliveryEntity, nextAttemptAt: Date, reason: string): Promise<boolean> {
    return this.transition(delivery, `status = 'pending', next_attempt_at = $3, last_error = $4`, [nextAttemptAt, reason]);
  }

  async kill(delivery: DeliveryEntity, now: Date, reason: string): Promise<boolean> {
    return this.transition(delivery, `status = 'dead', completed_at = $3, last_error = $4`, [now, reason]);
  }

  /**
   * Hands a claimed delivery back (shutdown): due at once for whoever claims next, and the interrupted attempt is not
   * counted. Its handler may still finish here; the lease is then lost and the call may repeat (at least once).
   */
  async release(delivery: DeliveryEntity, now: Date): Promise<boolean> {
    return this.transition(delivery, `status = 'pending', next_attempt_at = $3, attempts = GREATEST(attempts - 1, 0)`, [now]);
  }

  /** Marks a still-pending delivery done (its work was done inline); false if a worker has it already. */
  async completePending(id: string, now: Date): Promise<boolean> {
    const res = await this.dataSource.query(
      `UPDATE deliveries SET status = 'done', completed_at = $2 WHERE id = $1 AND status = 'pending'`,
      [id, now],
    );
    return affectedRows(res) > 0;
  }

  /** Makes a pending delivery due now (an inline attempt failed, so the outbox takes over at once). */
  async makeDue(id: string, now: Date, reason: string): Promise<boolean> {
    const res = await this.dataSource.query(
      `UPDATE deliveries SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
      [id, now, reason],
    );
    return affectedRows(res) > 0;
  }

  private async transition(delivery: DeliveryEntity, set: string, params: unknown[]): Promise<boolean> {
    const res = await this.dataSource.query(
      `UPDATE deliveries SET ${set}, locked_until = NULL WHERE id = $1 AND status = 'in_flight' AND locked_until = $2`,
      [delivery.id, delivery.lockedUntil, ...params],
    );
    return affectedRows(res) > 0;
  }
}
