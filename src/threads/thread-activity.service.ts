import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '../outbox/outbox.service';
import { platformEventDelivery } from './lifecycle/lifecycle-deliveries';
import { IdleClockActivity, IdleClockSettings, nextIdleDeadline } from './lifecycle/idle-clock';
import { LifecycleMetrics } from './lifecycle/lifecycle.metrics';
import { ThreadEntity } from './thread.entity';
import { ThreadActivityPatch, ThreadRepository } from './thread.repository';

/** `message`, `presence` (typing, heartbeat) or `left` (the platform says the end user went away). */
export type EndUserActivity = 'message' | 'presence' | 'left';

const CLOCK_ACTIVITY: Record<EndUserActivity, IdleClockActivity> = {
  message: 'end_user_message',
  presence: 'end_user_presence',
  left: 'left',
};

/**
 * Moves a thread's activity columns and idle clock when either side does something, and resumes a thread in its
 * idle countdown when the end user shows up again. Call it inside the caller's transaction, with the thread row
 * locked (`ThreadRepository.lockById`), so the lifecycle sweeps cannot move it in between; the updates are
 * conditional on the status read anyway. A closed thread is left alone.
 */
@Injectable()
export class ThreadActivityService {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly outbox: OutboxService,
    private readonly metrics: LifecycleMetrics,
  ) {}

  async endUserActivity(manager: EntityManager, thread: ThreadEntity, settings: IdleClockSettings, activity: EndUserActivity, at: Date): Promise<ThreadEntity> {
    if (thread.status === 'closed') return thread;
    const resuming = thread.status === 'idle_warning' && activity !== 'left';
    // In the countdown the clock has run out but still counts as running: presence pushes it again.
    const running = resuming ? (thread.idleDeadlineAt ?? at) : thread.idleDeadlineAt;
    const patch: ThreadActivityPatch = { idleDeadlineAt: nextIdleDeadline(settings, running, CLOCK_ACTIVITY[activity], at) };
    if (activity !== 'left') patch.lastCustomerActivityAt = at;
    if (resuming) return this.resume(manager, thread, patch, at);
    await this.threads.applyActivity(thread.brandId, thread.id, thread.status, patch, manager);
    return Object.assign(thread, patch);
  }

  async agentActivity(manager: EntityManager, thread: ThreadEntity, settings: IdleClockSettings, at: Date): Promise<ThreadEntity> {
    if (thread.status === 'closed') return thread;
    const patch: ThreadActivityPatch = { lastAgentActivityAt: at, idleDeadlineAt: nextIdleDeadline(settings, thread.idleDeadlineAt, 'agent_message', at) };
    await this.threads.applyActivity(thread.brandId, thread.id, thread.status, patch, manager);
    return Object.assign(thread, patch);
  }

  /** idle_warning → open: the countdown is cancelled and the platform is told (`conversation.resumed`). */
  private async resume(manager: EntityManager, thread: ThreadEntity, patch: ThreadActivityPatch, at: Date): Promise<ThreadEntity> {
    const resumed: ThreadActivityPatch = { ...patch, status: 'open', closeDeadlineAt: null };
    if (!(await this.threads.applyActivity(thread.brandId, thread.id, 'idle_warning', resumed, manager))) return thread;
    await this.outbox.enqueue(manager, platformEventDelivery(thread, { type: 'conversation.resumed', threadId: thread.idOnExternalPlatform }));
    await this.threads.appendEvent(thread.brandId, thread.id, 'resumed', { at: at.toISOString() }, manager);
    this.metrics.transition('resumed', 'end_user_activity');
    return Object.assign(thread, resumed);
  }
}
