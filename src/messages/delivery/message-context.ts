import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { EndUserEntity } from '../../threads/end-user.entity';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageEntity } from '../../threads/message.entity';
import { MessagesError } from '../messages.errors';

export interface MessageContext {
  message: MessageEntity;
  thread: ThreadEntity;
  channel: ChannelEntity;
  /** The thread's end user: the author of inbound messages, the recipient of outbound ones. */
  endUser: EndUserEntity | null;
}

type Joined = MessageEntity & { thread?: ThreadEntity; endUser?: EndUserEntity | null };

/**
 * What a message delivery needs, read when it runs: the message, its thread and its end user in ONE query, the
 * channel from the registry cache. A missing row is final (`MessagesError`, no retry): it was deleted with its brand
 * or channel, and no later attempt will find it.
 */
@Injectable()
export class MessageContextLoader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: ThreadRepository,
    private readonly directory: ChannelDirectory,
  ) {}

  async load(brandId: string, messageId: string): Promise<MessageContext> {
    const joined: Joined | null = await this.dataSource
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.thread', ThreadEntity, 't', 't.id = m.threadId AND t.brandId = m.brandId')
      .leftJoinAndMapOne('m.endUser', EndUserEntity, 'e', 'e.id = COALESCE(m.authorEndUserId, t.endUserId) AND e.brandId = m.brandId')
      .where('m.brandId = :brandId AND m.id = :messageId', { brandId, messageId })
      .getOne();
    if (!joined) throw new MessagesError('MESSAGE.NOT_FOUND', `Message ${messageId} no longer exists`);
    const { thread, endUser, ...rest } = joined;
    if (!thread) throw new MessagesError('MESSAGE.CONTEXT_MISSING', `Thread ${joined.threadId} no longer exists`);
    const message = Object.assign(new MessageEntity(), rest);
    return { message, thread, channel: await this.channelOf(thread), endUser: endUser ?? null };
  }

  async loadThread(brandId: string, threadId: string): Promise<{ thread: ThreadEntity; channel: ChannelEntity }> {
    const thread = await this.threads.findById(brandId, threadId);
    if (!thread) throw new MessagesError('MESSAGE.CONTEXT_MISSING', `Thread ${threadId} no longer exists`);
    return { thread, channel: await this.channelOf(thread) };
  }

  private async channelOf(thread: ThreadEntity): Promise<ChannelEntity> {
    const channel = await this.directory.findById(thread.brandId, thread.channelId);
    if (!channel) throw new MessagesError('MESSAGE.CONTEXT_MISSING', `Channel ${thread.channelId} of thread ${thread.id} no longer exists`);
    return channel;
  }
}
