import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { InboundEvent } from '../../platform-adapters/platform-adapter';
import { ThreadActivityService } from '../../threads/thread-activity.service';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageRepository } from '../message.repository';
import { OutboxService } from '../../outbox/outbox.service';
import { messageStatusDelivery, senderActionDelivery } from '../delivery/message-deliveries';

type Signal = Exclude<InboundEvent, { type: 'message' }>;

/**
 * Everything an end user does besides writing, inside the ingest transaction. Typing, heartbeats and `left` move the
 * idle clock of the live conversation (typing and heartbeats resume one in its countdown; typing also reaches the
 * agent as a best-effort sender action); receipts about our outbound messages become DFO message statuses. Signals about an unknown conversation or
 * message are ignored: there is nobody to tell.
 */
@Injectable()
export class InboundSignalsWriter {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly messages: MessageRepository,
    private readonly activity: ThreadActivityService,
    private readonly outbox: OutboxService,
  ) {}

  async write(manager: EntityManager, channel: ChannelEntity, event: Signal): Promise<void> {
    switch (event.type) {
      case 'typing': {
        const thread = await this.lockLive(manager, channel, event.threadId);
        if (!thread) return;
        await this.activity.endUserActivity(manager, thread, channel.settings, 'presence', event.at);
        await this.outbox.enqueue(manager, senderActionDelivery(thread, event.on, event.at));
        return;
      }
      case 'heartbeat': {
        const thread = await this.lockLive(manager, channel, event.threadId);
        if (thread) await this.activity.endUserActivity(manager, thread, channel.settings, 'presence', event.at);
        return;
      }
      case 'left': {
        const thread = await this.lockLive(manager, channel, event.threadId);
        if (thread) await this.activity.endUserActivity(manager, thread, channel.settings, 'left', event.at);
        return;
      }
      case 'delivered':
      case 'read':
        return this.receipt(manager, channel, event.messageId, event.type === 'read' ? 'seen' : 'delivered', event.at);
    }
  }

  /**
   * `delivered` after the platform accepted the message (`sent`) changes only our status: DFO was told `delivered`
   * then. From `accepted` or `failed` (our send timed out, yet the platform has it) DFO is told now. `seen` always is.
   */
  private async receipt(manager: EntityManager, channel: ChannelEntity, messageId: string, status: 'delivered' | 'seen', at: Date): Promise<void> {
    const message = await this.messages.findByExternalId(channel.brandId, channel.id, 'outbound', messageId, manager);
    if (!message) return;
    const tellDfo =
      status === 'seen'
        ? await this.messages.transition(channel.brandId, message.id, ['accepted', 'sent', 'delivered', 'failed'], 'seen', { statusReason: null }, manager)
        : await this.messages.transition(channel.brandId, message.id, ['accepted', 'failed'], 'delivered', { statusReason: null }, manager);
    const changed = tellDfo || (status === 'delivered' && (await this.messages.transition(channel.brandId, message.id, ['sent'], 'delivered', {}, manager)));
    if (!changed) return;
    if (tellDfo && message.authorKind === 'agent') await this.outbox.enqueue(manager, messageStatusDelivery(message, status, at));
    await this.threads.appendEvent(channel.brandId, message.threadId, 'message.status', { messageId: message.id, status }, manager);
  }

  private async lockLive(manager: EntityManager, channel: ChannelEntity, platformThreadId: string): Promise<ThreadEntity | null> {
    const live = await this.threads.findLive(channel.brandId, channel.id, platformThreadId, manager);
    return live ? this.threads.lockById(channel.brandId, live.id, manager) : null;
  }
}
