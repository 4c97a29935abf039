import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { OutboxService } from '../../outbox/outbox.service';
import { MessageEntity } from '../../threads/message.entity';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageRepository } from '../message.repository';
import { textContent } from './dfo-message.mapper';
import { platformSendDelivery } from './message-deliveries';

/**
 * A message on a conversation the agent ended (`afterAgentClose: block`) was stored `blocked`: the end user is told
 * the conversation is over (the channel's `closedText`, a system message through the outbox) and the timeline
 * records it. Runs in the caller's transaction; used when the message arrives and when the case turns out to be
 * closed just before it would have been forwarded.
 */
@Injectable()
export class BlockedNotice {
  constructor(
    private readonly messages: MessageRepository,
    private readonly threads: ThreadRepository,
    private readonly outbox: OutboxService,
  ) {}

  async record(manager: EntityManager, channel: ChannelEntity, thread: ThreadEntity, blocked: MessageEntity): Promise<void> {
    const id = randomUUID();
    const notice = await this.messages.insertIfNew(
      channel.brandId,
      {
        id,
        threadId: thread.id,
        channelId: channel.id,
        direction: 'outbound',
        idOnExternalPlatform: id,
        content: textContent(channel.settings.closedText),
        attachments: [],
        authorKind: 'system',
        authorEndUserId: null,
        agent: null,
        status: 'accepted',
        platformCreatedAt: null,
      },
      manager,
    );
    if (notice) await this.outbox.enqueue(manager, platformSendDelivery(notice));
    await this.threads.appendEvent(channel.brandId, thread.id, 'message.blocked', { messageId: blocked.id, noticeMessageId: id }, manager);
  }
}
