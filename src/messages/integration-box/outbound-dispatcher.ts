import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { EndUserEntity } from '../../threads/end-user.entity';
import { ThreadActivityService } from '../../threads/thread-activity.service';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { ThreadRecipientRepository } from '../../threads/thread-recipient.repository';
import { MessageEntity } from '../../threads/message.entity';
import { MessageRepository } from '../message.repository';
import { OutboxService } from '../../outbox/outbox.service';
import { classifyFailure } from '../../outbox/retry-policy';
import { platformSendDelivery } from '../delivery/message-deliveries';
import { PlatformSender } from '../delivery/platform-sender';
import { AgentMessageInput } from './agent-message.input';

/** Slack over `PLATFORM_TIMEOUT_MS` before the inline attempt is abandoned (the adapter enforces the timeout itself). */
const INLINE_GUARD_MS = 1000;

/**
 * An agent message on its way to the end user. It is stored together with a `platform.send` delivery that is not
 * due until well after the inline attempt's deadline, so the message survives a crash at any point. Then the
 * adapter is tried inline, within `PLATFORM_TIMEOUT_MS`: success settles the delivery, failure makes it due at
 * once and the outbox retries with backoff. Either way DFO gets its 200 with our message id.
 */
@Injectable()
export class OutboundDispatcher {
  private readonly logger = new Logger(OutboundDispatcher.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessageRepository,
    private readonly threads: ThreadRepository,
    private readonly recipients: ThreadRecipientRepository,
    private readonly activity: ThreadActivityService,
    private readonly outbox: OutboxService,
    private readonly sender: PlatformSender,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dispatch(channel: ChannelEntity, thread: ThreadEntity, endUser: EndUserEntity | null, input: AgentMessageInput, start: boolean): Promise<MessageEntity> {
    const guardMs = this.config.platform.timeoutMs + INLINE_GUARD_MS;
    const { message, deliveryId } = await this.store(channel, thread, input, start, guardMs);
    await this.tryInline({ message, thread, channel, endUser }, start, deliveryId, guardMs);
    return message;
  }

  private async store(channel: ChannelEntity, thread: ThreadEntity, input: AgentMessageInput, start: boolean, guardMs: number) {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      // The thread first, as the inbound pipeline does, so the two paths take their locks in one order.
      const locked = (await this.threads.lockById(channel.brandId, thread.id, manager)) ?? thread;
      const id = randomUUID();
      const message = await this.messages.insertIfNew(channel.brandId, outboundRow(id, channel, thread, input), manager);
      if (!message) throw new Error(`Outbound message id ${id} collided`);
      const notBefore = new Date(now.getTime() + 2 * guardMs);
      const [deliveryId] = await this.outbox.enqueue(manager, platformSendDelivery(message, { start, notBefore }));
      await this.activity.agentActivity(manager, locked, channel.settings, now);
      if (input.recipients.length > 0) await this.recipients.upsertMany(channel.brandId, thread.id, input.recipients, manager);
      await this.threads.appendEvent(channel.brandId, thread.id, 'message.outbound', { messageId: message.id, start }, manager);
      return { message, deliveryId: deliveryId! };
    });
  }

  private async tryInline(ctx: Parameters<PlatformSender['send']>[0], start: boolean, deliveryId: string, guardMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const guard = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${guardMs} ms`)), guardMs)));
      const result = await Promise.race([this.sender.send(ctx, start), guard]);
      await this.sender.recordSent(ctx.message, result, true);
      await this.outbox.settleInline(deliveryId, { ok: true });
    } catch (err) {
      const { reason } = classifyFailure(err);
      this.logger.warn({ brandId: ctx.channel.brandId, threadId: ctx.thread.id, messageId: ctx.message.id, reason }, 'Inline send failed; the outbox retries');
      await this.outbox.settleInline(deliveryId, { ok: false, reason }).catch((e: unknown) => this.logger.error({ err: e }, 'Could not hand the send to the outbox'));
    } finally {
      clearTimeout(timer);
    }
  }
}

function outboundRow(id: string, channel: ChannelEntity, thread: ThreadEntity, input: AgentMessageInput) {
  return {
    id,
    threadId: thread.id,
    channelId: channel.id,
    direction: 'outbound' as const,
    idOnExternalPlatform: id,
    content: input.content,
    attachments: input.attachments,
    authorKind: 'agent' as const,
    authorEndUserId: null,
    agent: input.agent,
    status: 'accepted' as const,
    platformCreatedAt: null,
  };
}
