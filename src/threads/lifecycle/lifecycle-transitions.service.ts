import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { OutboxService } from '../../outbox/outbox.service';
import { ThreadsError } from '../threads.errors';
import { closeDeliveries } from './lifecycle-deliveries';
import { LifecycleMetrics } from './lifecycle.metrics';
import { ThreadRepository } from '../thread.repository';

/**
 * The closes that are not deadline sweeps: the agent ended the case in DFO, or an admin closed the thread. Each is a
 * conditional update (`status <> 'closed'`), so of several instances or callers exactly one closes the thread and
 * enqueues what follows.
 */
@Injectable()
export class LifecycleTransitions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly threads: ThreadRepository,
    private readonly outbox: OutboxService,
    private readonly metrics: LifecycleMetrics,
  ) {}

  /**
   * The agent ended the conversation (its DFO case is in one of the channel's `agentClosedStatuses`): closed with
   * reason `agent`, the platform told (`closedText`), the DFO thread locked. Runs in the caller's transaction;
   * returns whether this call closed the thread. The caller counts the transition once it has committed.
   */
  async closeByAgent(manager: EntityManager, brandId: string, threadId: string, caseStatus: string): Promise<boolean> {
    const thread = await this.threads.close(brandId, threadId, 'agent', this.clock.now(), manager);
    if (!thread) return false;
    await this.outbox.enqueue(manager, closeDeliveries(thread, 'agent', thread.settings.closedText));
    await this.threads.appendEvent(brandId, threadId, 'closed', { reason: 'agent', caseStatus }, manager);
    return true;
  }

  /**
   * An admin closes the thread: reason `admin`, the platform told, the DFO case set to closed. A thread that is
   * already closed is `THREAD.ALREADY_CLOSED` (409); one that does not exist in this brand is `THREAD.NOT_FOUND`.
   */
  async closeByAdmin(brandId: string, threadId: string, keyId: string | null): Promise<void> {
    const closed = await this.dataSource.transaction(async (manager) => {
      const thread = await this.threads.close(brandId, threadId, 'admin', this.clock.now(), manager);
      if (!thread) return false;
      await this.outbox.enqueue(manager, closeDeliveries(thread, 'admin', thread.settings.closedText));
      await this.threads.appendEvent(brandId, threadId, 'closed', { reason: 'admin', apiKeyId: keyId }, manager);
      return true;
    });
    if (!closed) {
      const exists = await this.threads.exists(brandId, threadId);
      throw exists
        ? new ThreadsError('THREAD.ALREADY_CLOSED', `Thread ${threadId} is already closed`)
        : new ThreadsError('THREAD.NOT_FOUND', `Thread ${threadId} was not found`);
    }
    this.metrics.transition('closed', 'admin');
  }
}
