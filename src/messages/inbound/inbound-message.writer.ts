import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { Clock } from '../../core/clock/clock';
import { InboundEvent } from '../../platform-adapters/platform-adapter';
import { EndUserEntity } from '../../threads/end-user.entity';
import { EndUserRepository } from '../../threads/end-user.repository';
import { InboundThreadResolver } from '../../threads/inbound-thread.resolver';
import { ThreadActivityService } from '../../threads/thread-activity.service';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageEntity } from '../../threads/message.entity';
import { MessageRepository } from '../message.repository';
import { OutboxService } from '../../outbox/outbox.service';
import { textContent } from '../delivery/dfo-message.mapper';
import { BlockedNotice } from '../delivery/blocked-notice';
import { createMessageDelivery } from '../delivery/message-deliveries';

export type MessageEvent = Extract<InboundEvent, { type: 'message' }>;

/** What of a platform message is stored as the message itself; shared by this writer and `InboundFastPath`. */
export function inboundContent(event: MessageEvent): Pick<MessageEntity, 'content' | 'attachments' | 'platformCreatedAt'> {
  return { content: textContent(event.text), attachments: event.attachments, platformCreatedAt: event.createdAt };
}

/**
 * Writes one end-user message inside the ingest transaction: the end user (names refreshed), the conversation it
 * joins, the message (a known id is a duplicate and changes nothing), the `dfo.create_message` delivery, the idle
 * clock and the timeline. On a conversation the agent ended under `afterAgentClose: block` the message is stored
 * `blocked`, DFO hears nothing, and the end user gets the channel's `closedText`.
 */
@Injectable()
export class InboundMessageWriter {
  constructor(
    private readonly messages: MessageRepository,
    private readonly endUsers: EndUserRepository,
    private readonly resolver: InboundThreadResolver,
    private readonly activity: ThreadActivityService,
    private readonly threads: ThreadRepository,
    private readonly outbox: OutboxService,
    private readonly blockedNotice: BlockedNotice,
    private readonly clock: Clock,
  ) {}

  async write(manager: EntityManager, channel: ChannelEntity, event: MessageEvent): Promise<'accepted' | 'blocked' | 'duplicate'> {
    const brandId = channel.brandId;
    // Checked first so that a replay creates nothing, not even a new conversation after a close.
    if (await this.messages.findByExternalId(brandId, channel.id, 'inbound', event.id, manager)) return 'duplicate';
    const { author } = event;
    const endUser = await this.endUsers.upsert(
      brandId,
      channel.id,
      { idOnExternalPlatform: author.id, firstName: author.firstName, lastName: author.lastName, nickname: author.nickname, imageUrl: author.image },
      manager,
    );
    const { thread, blocked } = await this.resolver.resolve(manager, channel, event.threadId, endUser.id);
    const message = await this.messages.insertIfNew(brandId, this.inbound(channel, thread, endUser, event, blocked), manager);
    if (!message) return 'duplicate';
    if (blocked) {
      await this.blockedNotice.record(manager, channel, thread, message);
      return 'blocked';
    }
    await this.outbox.enqueue(manager, createMessageDelivery(message));
    await this.activity.endUserActivity(manager, thread, channel.settings, 'message', this.clock.now());
    await this.threads.appendEvent(brandId, thread.id, 'message.inbound', { messageId: message.id, idOnExternalPlatform: event.id }, manager);
    return 'accepted';
  }

  private inbound(channel: ChannelEntity, thread: ThreadEntity, endUser: EndUserEntity, event: MessageEvent, blocked: boolean) {
    return {
      threadId: thread.id,
      channelId: channel.id,
      direction: 'inbound' as const,
      idOnExternalPlatform: event.id,
      ...inboundContent(event),
      authorKind: 'end_user' as const,
      authorEndUserId: endUser.id,
      agent: null,
      status: blocked ? ('blocked' as const) : ('accepted' as const),
    };
  }
}
