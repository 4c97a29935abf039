import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not, Repository } from 'typeorm';
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

/**
 * The write path's view of `threads`. `brandId` comes first and is in every `where`; pass the caller's
 * `EntityManager` to join its transaction. Status changes are conditional updates that report whether they applied.
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
  findByDfoRefInIntegration(brandId: string, integrationId: string, dfoThreadRef: string): Promise<ThreadEntity | null> {
    return this.repo()
      .createQueryBuilder('t')
      .innerJoin('channels', 'c', 'c.id = t.channel_id AND c.brand_id = t.brand_id')
      .where('t.brand_id = :brandId AND c.integration_id = :integrationId AND t.dfo_thread_ref = :dfoThreadRef', { brandId, integrationId, dfoThreadRef })
      .orderBy('t.created_at', 'DESC')
      .getOne();
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

  /** Applies activity columns if the thread is still in `expected` status. */
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

  /** The platform gave an agent-initiated conversation its own id; fails quietly if a live thread already has it. */
  async renamePlatformThread(brandId: string, id: string, platformThreadId: string, manager?: EntityManager): Promise<boolean> {
    const [, affected]: [unknown, number] = await (manager ?? this.dataSource.manager).query(
      `UPDATE threads SET id_on_external_platform = $3 WHERE brand_id = $1 AND id = $2
         AND NOT EXISTS (SELECT 1 FROM threads o WHERE o.channel_id = threads.channel_id AND o.id_on_external_platform = $3 AND o.status <> 'closed')`,
      [brandId, id, platformThreadId],
    );
    return affected > 0;
  }

  /** open|idle_warning → closed; false when it was closed already (by a sweep, the agent sync, an admin). */
  async close(brandId: string, id: string, reason: ClosedReason, at: Date, manager: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update(
      { brandId, id, status: Not('closed' as ThreadStatus) },
      { status: 'closed', closedReason: reason, closedAt: at, idleDeadlineAt: null, closeDeadlineAt: null },
    );
    return (result.affected ?? 0) > 0;
  }

  async storeCaseStatus(brandId: string, id: string, caseStatus: string, at: Date, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ brandId, id }, { dfoCaseStatus: caseStatus, dfoCaseCheckedAt: at });
  }

  private repo(manager?: EntityManager): Repository<ThreadEntity> {
    return (manager ?? this.dataSource.manager).getRepository(ThreadEntity);
  }
}
