import { Injectable } from '@nestjs/common';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { EndUserEntity } from '../../threads/end-user.entity';
import { EndUserRepository } from '../../threads/end-user.repository';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageEntity } from '../../threads/message.entity';
import { MessageRepository } from '../message.repository';
import { MessagesError } from '../messages.errors';

export interface MessageContext {
  message: MessageEntity;
  thread: ThreadEntity;
  channel: ChannelEntity;
  /** The thread's end user: the author of inbound messages, the recipient of outbound ones. */
  endUser: EndUserEntity | null;
}

/**
 * What a message delivery needs, read when it runs. A missing row is final (`MessagesError`, no retry): it was
 * deleted with its brand or channel, and no later attempt will find it.
 */
@Injectable()
export class MessageContextLoader {
  constructor(
    private readonly messages: MessageRepository,
    private readonly threads: ThreadRepository,
    private readonly endUsers: EndUserRepository,
    private readonly directory: ChannelDirectory,
  ) {}

  async load(brandId: string, messageId: string): Promise<MessageContext> {
    const message = await this.messages.findById(brandId, messageId);
    if (!message) throw new MessagesError('MESSAGE.NOT_FOUND', `Message ${messageId} no longer exists`);
    const { thread, channel } = await this.loadThread(brandId, message.threadId);
    const endUserId = message.authorEndUserId ?? thread.endUserId;
    const endUser = endUserId ? await this.endUsers.findById(brandId, endUserId) : null;
    return { message, thread, channel, endUser };
  }

  async loadThread(brandId: string, threadId: string): Promise<{ thread: ThreadEntity; channel: ChannelEntity }> {
    const thread = await this.threads.findById(brandId, threadId);
    const channel = thread ? await this.directory.findById(brandId, thread.channelId) : null;
    if (!thread || !channel) throw new MessagesError('MESSAGE.CONTEXT_MISSING', `Thread ${threadId} or its channel no longer exists`);
    return { thread, channel };
  }
}
