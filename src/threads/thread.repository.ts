import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not, Repository } from 'typeorm';
import { returnedRows } from '../core/database/sql-result';
import { ChannelSettings, withDefaultSettings } from '../core/domain/channel-settings';
import type { LifecycleThreadRef } from './lifecycle/lifecycle-deliveries';
import { ThreadEventType } from './thread-event.entity';
import { ClosedReason, ThreadEntity, ThreadStatus } from './thread.entity';

export interface NewThread {
  channelId: string;
  idOnExternalPlatform: string;
  dfoThreadRef: string;
  endUserId: string | null;
}

/** Columns the activity and idle clock move; always applied conditionally on the status the caller saw. */
export type ThreadActivityPatch = Partial<
  Pick<ThreadEntity, 'idleDeadlineAt' | 'closeDeadlineAt' | 'lastCustomerActivityAt' | 'lastAgentActivityAt' | 'status'>
>;

/** A thread this call closed, with what the close needs to tell the platform and DFO. */
export interface ClosedThread extends LifecycleThreadRef {
  settings: ChannelSettings;
}

/** One timeline entry. `data` carries ids, statuses and reasons; never message text (support staff read it). */
export interface NewThreadEvent {
  threadId: string;
  type: ThreadEventType;
  data: Record<string, unknown>;
}

/** A delivery the outbox gave up on, for the timeline (support retries it from there). */
export interface DeadDeliveryRef {
  id: string;
  threadId: string | null;
  kind: string;
  messageId?: string | null;
}

/**
 * The one writer of thread state and of the timeline: every change to a thread's status, closed reason, deadlines,
 * DFO case status or DFO ids, and every `thread_events` row, goes through here, so "who moves a thread" has one
 * answer. (Reads with a row lock for the sweeps live with their claims: `LifecycleRepository`, `CaseSyncRepository`.)
 * `brandId` comes first and is in every `where`; the caller's `EntityManager` comes last, to join its transaction.
 * State changes are conditional updates that report whether they applied.
 */
@Injectable()
export class ThreadRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(brandId: string, id: string, manager?: EntityManager): Promise<ThreadEntity | null> {
    return this.repo(manager).findOneBy({ brandId, id });
  }

  /** Locks the row for the rest of the caller's transaction (the lifecycle sweeps wait, then re-check). */
  lockById(brandId: string, id: string, manager: EntityManager): Promise<ThreadEntity | null> {
    return this.repo(manager).createQueryBuilder('t').setLock('pessimistic_write').where('t.brand_id = :brandId AND t.id = :id', { brandId, id }).getOne();
  }

  async exists(brandId: string, id: string, manager?: EntityManager): Promise<boolean> {
    return (await this.repo(manager).countBy({ brandId, id })) > 0;
  }

  /** The conversation on this platform thread that is not closed (at most one: `threads_live_external_key`). */
  findLive(brandId: string, channelId: string, platformThreadId: string, manager?: EntityManager): Promise<ThreadEntity | null> {
    return this.repo(manager).findOneBy({ brandId, channelId, idOnExternalPlatform: platformThreadId, status: Not('closed' as ThreadStatus) });
  }

  /** The most recent conversation on this platform thread, closed or not. */
  findLatest(brandId: string, channelId: string, platformThreadId: string, manager?: EntityManager): Promise<ThreadEntity | null> {
    return this.repo(manager).findOne({
      where: { brandId, channelId, idOnExternalPlatform: platformThreadId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  countForPlatformThread(brandId: string, channelId: string, platformThreadId: string, manager?: EntityManager): Promise<number> {
    return this.repo(manager).countBy({ brandId, channelId, idOnExternalPlatform: platformThreadId });
  }

  /** By the `thread.idOnExternalPlatform` DFO knows it by (unique per channel). */
  findByDfoRef(brandId: string, channelId: string, dfoThreadRef: string, manager?: EntityManager): Promise<ThreadEntity | null> {
    return this.repo(manager).findOneBy({ brandId, channelId, dfoThreadRef });
  }

  /** The legacy reply API names only the thread: look among the channels of the caller's integration. */
  findByDfoRefInIntegration(brandId: string, integrationId: string, dfoThreadRef: string, manager?: EntityManager): Promise<ThreadEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('t')
      .innerJoin('channels', 'c', 'c.id = t.channel_id AND c.brand_id = t.brand_id')
      .where('t.brand_id = :brandId AND c.integration_id = :integrationId AND t.dfo_thread_ref = :dfoThreadRef', { brandId, integrationId, dfoThreadRef })
      .orderBy('t.created_at', 'DESC')
      .getOne();
  }

  /** What a DFO delivery needs from its thread at send time (the contact id may have arrived since enqueueing). */
  async findDfoRefs(brandId: string, id: string, manager?: EntityManager): Promise<{ dfoContactId: string | null; dfoThreadRef: string } | null> {
    const thread = await this.repo(manager).findOne({ where: { brandId, id }, select: { dfoContactId: true, dfoThreadRef: true } });
    return thread ? { dfoContactId: thread.dfoContactId, dfoThreadRef: thread.dfoThreadRef } : null;
  }

  /**
   * Inserts a live thread unless one races it in: a live thread on the same platform thread
   * (`threads_live_external_key`) or the same DFO reference. Returns null on such a conflict.
   */
  async insertIfAbsent(brandId: string, thread: NewThread, manager: EntityManager): Promise<ThreadEntity | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO threads (brand_id, channel_id, id_on_external_platform, dfo_thread_ref, end_user_id, status)
       VALUES ($1, $2, $3, $4, $5, 'open') ON CONFLICT DO NOTHING RETURNING id`,
      [brandId, thread.channelId, thread.idOnExternalPlatform, thread.dfoThreadRef, thread.endUserId],
    );
    return rows[0] ? this.findById(brandId, rows[0].id, manager) : null;
  }

  /** Applies activity columns (and `idle_warning` → `open` on a resume) if the thread is still in `expected` status. */
  async applyActivity(brandId: string, id: string, expected: ThreadStatus, patch: ThreadActivityPatch, manager: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update({ brandId, id, status: expected }, patch);
    return (result.affected ?? 0) > 0;
  }

  async setEndUser(brandId: string, id: string, endUserId: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ brandId, id }, { endUserId });
  }

  /** Keeps the case number of the thread's DFO case; the case status too when DFO said it. */
  async storeDfoContact(brandId: string, id: string, contactId: string, caseStatus: string | undefined, at: Date, manager?: EntityManager): Promise<void> {
    const patch = caseStatus ? { dfoContactId: contactId, dfoCaseStatus: caseStatus, dfoCaseCheckedAt: at } : { dfoContactId: contactId };
    await this.repo(manager).update({ brandId, id }, patch);
  }

  /** The case status read from DFO (the read's claim already stamped `dfo_case_checked_at`). */
  async storeCaseStatus(brandId: string, id: string, caseStatus: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ brandId, id }, { dfoCaseStatus: caseStatus });
  }

  /** `open` → `idle_warning` for those still open and due; returns the ids that moved. */
  async markIdleWarning(brandId: string, warnings: { id: string; closesAt: Date }[], now: Date, manager: EntityManager): Promise<Set<string>> {
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
  async markIdleTimeout(brandId: string, ids: string[], now: Date, manager: EntityManager): Promise<Set<string>> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE threads t SET status = 'closed', closed_reason = 'idle_timeout', closed_at = $3,
           idle_deadline_at = NULL, close_deadline_at = NULL
         WHERE t.id = ANY($2::uuid[]) AND t.brand_id = $1 AND t.status = 'idle_warning' AND t.close_deadline_at <= $3
         RETURNING t.id`,
        [brandId, ids, now],
      ),
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Any not-closed state → `closed(reason)`. Returns the thread (with its channel's settings) when this call closed
   * it, null when it was already closed or does not exist in this brand.
   */
  async close(brandId: string, id: string, reason: ClosedReason, now: Date, manager: EntityManager): Promise<ClosedThread | null> {
    const [row] = returnedRows<{ id: string; brand_id: string; channel_id: string; id_on_external_platform: string; settings: Partial<ChannelSettings> }>(
      await manager.query(
        `UPDATE threads t SET status = 'closed', closed_reason = $3, closed_at = $4, idle_deadline_at = NULL, close_deadline_at = NULL
         FROM channels c
         WHERE c.id = t.channel_id AND t.id = $2 AND t.brand_id = $1 AND t.status <> 'closed'
         RETURNING t.id, t.brand_id, t.channel_id, t.id_on_external_platform, c.settings`,
        [brandId, id, reason, now],
      ),
    );
    if (!row) return null;
    return { id: row.id, brandId: row.brand_id, channelId: row.channel_id, idOnExternalPlatform: row.id_on_external_platform, settings: withDefaultSettings(row.settings) };
  }

  async appendEvent(brandId: string, threadId: string, type: ThreadEventType, data: Record<string, unknown>, manager?: EntityManager): Promise<void> {
    await this.appendEvents(brandId, [{ threadId, type, data }], manager);
  }

  /** Several events in one statement (a sweep's batch of one brand). */
  async appendEvents(brandId: string, events: NewThreadEvent[], manager?: EntityManager): Promise<void> {
    if (events.length === 0) return;
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO thread_events (brand_id, thread_id, type, data)
       SELECT $1::uuid, * FROM unnest($2::uuid[], $3::text[], $4::jsonb[])`,
      [brandId, events.map((e) => e.threadId), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))],
    );
  }

  /** A delivery was given up: the thread's timeline says which and why. Deliveries of no thread leave no trace here. */
  async recordDeadDelivery(brandId: string, delivery: DeadDeliveryRef, reason: string, manager?: EntityManager): Promise<void> {
    if (!delivery.threadId) return;
    const data = { deliveryId: delivery.id, kind: delivery.kind, ...(delivery.messageId ? { messageId: delivery.messageId } : {}), reason };
    await this.appendEvent(brandId, delivery.threadId, 'delivery.dead', data, manager);
  }

  private repo(manager?: EntityManager): Repository<ThreadEntity> {
    return (manager ?? this.dataSource.manager).getRepository(ThreadEntity);
  }
}
