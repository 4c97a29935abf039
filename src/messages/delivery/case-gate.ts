import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { InboundThreadResolver } from '../../threads/inbound-thread.resolver';
import { CaseStatusChecker } from '../../threads/lifecycle/case-status-checker';
import { ThreadActivityService } from '../../threads/thread-activity.service';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageRepository } from '../message.repository';
import { BlockedNotice } from './blocked-notice';
import { EndUserStatusNotifier } from './end-user-status.notifier';
import { MessageContext } from './message-context';

/**
 * The last check before an end user's message goes to DFO: has the agent ended the conversation? A message is
 * accepted without asking DFO (the platform must not wait on DFO), so this is where a stale cached case status
 * (older than `CASE_STATUS_STALE_S`) is read first. It costs one DFO read per conversation and stale period, spent
 * from the brand's case-read budget, and happens in the outbox worker, where waiting is harmless.
 *
 * When the agent did end it, the channel's `afterAgentClose` applies as it would have on arrival: under `block` the
 * message becomes `blocked` and the end user gets `closedText`; under `new_thread` it moves to the platform thread's
 * new conversation (opened now if no later message opened it already) and goes to DFO there, so DFO opens a new
 * case. Returns the context to forward, or null when the message is not to be forwarded.
 */
@Injectable()
export class CaseGate {
  private readonly staleMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly caseStatus: CaseStatusChecker,
    private readonly threads: ThreadRepository,
    private readonly messages: MessageRepository,
    private readonly resolver: InboundThreadResolver,
    private readonly activity: ThreadActivityService,
    private readonly blockedNotice: BlockedNotice,
    private readonly endUserStatus: EndUserStatusNotifier,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.staleMs = config.lifecycle.caseStatusStaleSeconds * 1000;
  }

  async check(ctx: MessageContext): Promise<MessageContext | null> {
    let thread = ctx.thread;
    if (this.stale(thread)) {
      await this.caseStatus.refreshIfStale(thread.brandId, thread.id);
      thread = (await this.threads.findById(thread.brandId, thread.id)) ?? thread;
    }
    if (thread.status !== 'closed' || thread.closedReason !== 'agent') return { ...ctx, thread };
    return ctx.channel.settings.afterAgentClose === 'new_thread' ? this.moveToNewConversation(ctx, thread) : this.block(ctx, thread);
  }

  private stale(thread: ThreadEntity): boolean {
    if (!thread.dfoContactId || thread.status === 'closed') return false;
    return (thread.dfoCaseCheckedAt?.getTime() ?? 0) <= this.clock.now().getTime() - this.staleMs;
  }

  private async block(ctx: MessageContext, thread: ThreadEntity): Promise<null> {
    const { message, channel } = ctx;
    const blocked = await this.dataSource.transaction(async (manager) => {
      await this.threads.lockById(thread.brandId, thread.id, manager);
      if (!(await this.messages.transition(message.brandId, message.id, ['accepted'], 'blocked', {}, manager))) return false;
      await this.blockedNotice.record(manager, channel, thread, message);
      return true;
    });
    if (blocked) await this.endUserStatus.notify(channel, { threadId: thread.idOnExternalPlatform, messageId: message.idOnExternalPlatform, status: 'blocked' });
    return null;
  }

  private async moveToNewConversation(ctx: MessageContext, closed: ThreadEntity): Promise<MessageContext | null> {
    const { message, channel } = ctx;
    const endUserId = message.authorEndUserId ?? closed.endUserId;
    if (!endUserId) return this.block(ctx, closed);
    const moved = await this.dataSource.transaction(async (manager) => {
      const { thread, blocked } = await this.resolver.resolve(manager, channel, closed.idOnExternalPlatform, endUserId);
      if (blocked || !(await this.messages.moveToThread(message.brandId, message.id, thread.id, manager))) return null;
      const now = this.clock.now();
      await this.activity.endUserActivity(manager, thread, channel.settings, 'message', now);
      await this.threads.appendEvent(message.brandId, thread.id, 'message.inbound', { messageId: message.id, idOnExternalPlatform: message.idOnExternalPlatform }, manager);
      return thread;
    });
    if (!moved) return (await this.messages.findById(message.brandId, message.id))?.status === 'accepted' ? this.block(ctx, closed) : null;
    return { ...ctx, thread: moved, message: Object.assign(message, { threadId: moved.id }) };
  }
}
