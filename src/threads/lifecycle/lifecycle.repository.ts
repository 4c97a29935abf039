import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelSettings, withDefaultSettings } from '../../core/domain/channel-settings';
import { ClosedReason } from '../thread.entity';
import { ThreadEventType } from '../thread-event.entity';
import { LifecycleThreadRef } from './lifecycle-deliveries';
import { returnedRows } from '../../core/database/sql-result';

/** A thread whose deadline has passed, claimed (row-locked) by the sweep's transaction. */
export interface DueThread extends LifecycleThreadRef {
  deadlineAt: Date;
  settings: ChannelSettings;
}

export interface NewThreadEvent {
  threadId: string;
  brandId: string;
  type: ThreadEventType;
  data: Record<string, unknown>;
}

interface DueRow {
  id: string;
  brand_id: string;
  channel_id: string;
  id_on_external_platform: string;
  deadline_at: Date;
  settings: Partial<ChannelSettings>;
}

/**
 * The claim queries walk the partial indexes `threads_idle_due_idx` / `threads_close_due_idx` in deadline order, so
 * their cost follows the due rows, not the open threads. `FOR UPDATE OF t SKIP LOCKED` hands each due row to one
 * instance; brands that failed earlier in the same tick are skipped. Exported for the EXPLAIN check.
 */
export const CLAIM_IDLE_DUE_SQL = `
  SELECT t.id, t.brand_id, t.channel_id, t.id_on_external_platform, t.idle_deadline_at AS deadline_at, c.settings
  FROM threads t JOIN channels c ON c.id = t.channel_id
  WHERE t.status = 'open' AND t.idle_deadline_at IS NOT NULL AND t.idle_deadline_at <= $1
    AND NOT (t.brand_id = ANY($3::uuid[]))
  ORDER BY t.idle_deadline_at
  LIMIT $2
  FOR UPDATE OF t SKIP LOCKED`;

export const CLAIM_CLOSE_DUE_SQL = `
  SELECT t.id, t.brand_id, t.channel_id, t.id_on_external_platform, t.close_deadline_at AS deadline_at, c.settings
  FROM threads t JOIN channels c ON c.id = t.channel_id
  WHERE t.status = 'idle_warning' AND t.close_deadline_at <= $1
    AND NOT (t.brand_id = ANY($3::uuid[]))
  ORDER BY t.close_deadline_at
  LIMIT $2
  FOR UPDATE OF t SKIP LOCKED`;

/**
 * The lifecycle's own queries on `threads` and `thread_events`. Claims run across brands (a sweep serves them all);
 * every state change takes `brandId` first and is a conditional update on the state it expects.
 */
@Injectable()
export class LifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claimIdleDue(manager: EntityManager, now: Date, limit: number, skipBrandIds: string[]): Promise<DueThread[]> {
    return (await manager.query(CLAIM_IDLE_DUE_SQL, [now, limit, skipBrandIds])).map(toDueThread);
  }

  async claimCloseDue(manager: EntityManager, now: Date, limit: number, skipBrandIds: string[]): Promise<DueThread[]> {
    return (await manager.query(CLAIM_CLOSE_DUE_SQL, [now, limit, skipBrandIds])).map(toDueThread);
  }

  /** `open` → `idle_warning` for those still open and due; returns the ids that moved. */
  async markIdleWarning(manager: EntityManager, brandId: string, warnings: { id: string; closesAt: Date }[], now: Date): Promise<Set<string>> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE threads t SET status = 'idle_warning', close_deadline_at = v.closes_at
         FROM unnest($2::uuid[], $3::timestamptz[]) AS v(id, closes_at)
         WHERE t.id = v.id AND t.brand_id = $1 AND t.status = 'open' AND t.idle_deadline_at <= $4
         RETURNING t.id`,
        [brandId, warnings.map((w) => w.id), warnings.map((w) => w.closesAt), now],
      ),
    );
    return new Set(rows.map((r) => r.id));
  }

  /** `idle_warning` → `closed(idle_timeout)` for those whose countdown is over; returns the ids that moved. */
  async markIdleTimeout(manager: EntityManager, brandId: string, threadIds: string[], now: Date): Promise<Set<string>> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE threads t SET status = 'closed', closed_reason = 'idle_timeout', closed_at = $3,
           idle_deadline_at = NULL, close_deadline_at = NULL
         WHERE t.id = ANY($2::uuid[]) AND t.brand_id = $1 AND t.status = 'idle_warning' AND t.close_deadline_at <= $3
         RETURNING t.id`,
        [brandId, threadIds, now],
      ),
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Any not-closed state → `closed(reason)`. Returns the thread (with its channel's settings) when this call closed
   * it, null when it was already closed or does not exist in this brand.
   */
  async close(manager: EntityManager, brandId: string, threadId: string, reason: ClosedReason, now: Date): Promise<DueThread | null> {
    const rows = returnedRows<DueRow>(
      await manager.query(
        `UPDATE threads t SET status = 'closed', closed_reason = $3, closed_at = $4, idle_deadline_at = NULL, close_deadline_at = NULL
         FROM channels c
         WHERE c.id = t.channel_id AND t.id = $2 AND t.brand_id = $1 AND t.status <> 'closed'
         RETURNING t.id, t.brand_id, t.channel_id, t.id_on_external_platform, t.closed_at AS deadline_at, c.settings`,
        [brandId, threadId, reason, now],
      ),
    );
    return rows[0] ? toDueThread(rows[0]) : null;
  }

  /** What a DFO delivery needs from its thread at send time (the contact id may have arrived since enqueueing). */
  async findDfoRefs(brandId: string, threadId: string): Promise<{ dfoContactId: string | null; dfoThreadRef: string } | null> {
    const rows: { dfo_contact_id: string | null; dfo_thread_ref: string }[] = await this.dataSource.query(
      'SELECT dfo_contact_id, dfo_thread_ref FROM threads WHERE id = $2 AND brand_id = $1',
      [brandId, threadId],
    );
    return rows[0] ? { dfoContactId: rows[0].dfo_contact_id, dfoThreadRef: rows[0].dfo_thread_ref } : null;
  }

  async exists(brandId: string, threadId: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource.manager).query('SELECT 1 FROM threads WHERE id = $2 AND brand_id = $1', [brandId, threadId]);
    return rows.length > 0;
  }

  /** A lifecycle delivery was given up: the timeline says which and why. */
  async recordDeadDelivery(delivery: { id: string; brandId: string; threadId: string | null; kind: string }, reason: string): Promise<void> {
    if (!delivery.threadId) return;
    await this.insertEvents(this.dataSource.manager, [
      { threadId: delivery.threadId, brandId: delivery.brandId, type: 'delivery.dead', data: { deliveryId: delivery.id, kind: delivery.kind, reason } },
    ]);
  }

  async insertEvents(manager: EntityManager, events: NewThreadEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO thread_events (thread_id, brand_id, type, data)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[])`,
      [events.map((e) => e.threadId), events.map((e) => e.brandId), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))],
    );
  }
}

function toDueThread(row: DueRow): DueThread {
  return {
    id: row.id,
    brandId: row.brand_id,
    channelId: row.channel_id,
    idOnExternalPlatform: row.id_on_external_platform,
    deadlineAt: new Date(row.deadline_at),
    settings: withDefaultSettings(row.settings),
  };
}
