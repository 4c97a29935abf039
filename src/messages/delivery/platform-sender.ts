import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { Clock } from '../../core/clock/clock';
import { AdapterRegistry } from '../../platform-adapters/adapter-registry';
import { OutboundMessage, SendResult } from '../../platform-adapters/platform-adapter';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageEntity } from '../../threads/message.entity';
import { MessageRepository } from '../message.repository';
import { MessagesError } from '../messages.errors';
import { OutboxService } from '../../outbox/outbox.service';
import { textOf } from './dfo-message.mapper';
import { messageStatusDelivery } from './message-deliveries';
import { MessageContext } from './message-context';

/** How long the `delivered` after an inline send waits, so that DFO has recorded the id from our answer. */
export const INLINE_STATUS_DELAY_MS = 1000;

/** Messages still waiting to reach the platform; `failed` ones too, when a dead delivery is retried by support. */
export const SENDABLE: MessageEntity['status'][] = ['accepted', 'failed'];

/**
 * Sends an outbound message (agent reply or system text) through the channel's adapter, and records the outcome:
 * `sent` with the platform's id, and DFO told `delivered` (the platform accepted it, which is what DFO's
 * `delivered` means); or, when the outbox gives up, `failed` and DFO told `failed` with the reason. Used by the
 * Integration Box's inline attempt and by the `platform.send` handler alike.
 */
@Injectable()
export class PlatformSender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly adapters: AdapterRegistry,
    private readonly directory: ChannelDirectory,
    private readonly messages: MessageRepository,
    private readonly threads: ThreadRepository,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  send(ctx: MessageContext, start: boolean): Promise<SendResult> {
    const adapter = this.adapters.get(ctx.channel.adapter);
    const channel = this.directory.adapterChannel(ctx.channel);
    const message = toOutboundMessage(ctx);
    return start ? adapter.startConversation(channel, message) : adapter.sendMessage(channel, message);
  }

  /** Conditional: a message already `sent` (by the other path) is not recorded, nor reported to DFO, twice. */
  async recordSent(message: MessageEntity, result: SendResult, inline: boolean): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const extra = { platformMessageId: result.platformMessageId, statusReason: null };
      if (!(await this.messages.transition(message.brandId, message.id, SENDABLE, 'sent', extra, manager))) return;
      if (message.authorKind !== 'agent') return;
      const unorderedAfter = inline ? new Date(now.getTime() + INLINE_STATUS_DELAY_MS) : undefined;
      await this.outbox.enqueue(manager, messageStatusDelivery(message, 'delivered', now, { unorderedAfter }));
    });
  }

  async recordFailed(message: MessageEntity, delivery: { id: string; kind: string }, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.messages.transition(message.brandId, message.id, ['accepted'], 'failed', { statusReason: reason }, manager))) return;
      if (message.authorKind === 'agent') await this.outbox.enqueue(manager, messageStatusDelivery(message, 'failed', this.clock.now(), { reason }));
      await this.threads.recordDeadDelivery(message.brandId, { ...delivery, threadId: message.threadId, messageId: message.id }, reason, manager);
    });
  }
}

function toOutboundMessage({ message, thread, endUser }: MessageContext): OutboundMessage {
  if (!endUser) throw new MessagesError('MESSAGE.CONTEXT_MISSING', `Thread ${thread.id} has no end user to send message ${message.id} to`);
  const name = [endUser.firstName, endUser.lastName].filter(Boolean).join(' ') || endUser.nickname || undefined;
  return {
    id: message.idOnExternalPlatform,
    threadId: thread.idOnExternalPlatform,
    recipient: { id: endUser.idOnExternalPlatform, ...(name ? { name } : {}) },
    text: textOf(message.content),
    attachments: message.attachments,
    ...(message.agent?.name ? { agent: { name: message.agent.name } } : {}),
    authorKind: message.authorKind === 'system' ? 'system' : 'agent',
  };
}
