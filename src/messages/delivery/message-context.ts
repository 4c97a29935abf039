import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { EntityColumns } from '../../core/database/entity-columns';
import { PreparedStatement } from '../../core/database/prepared-statement';
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

/**
 * What a message delivery needs, read when it runs: the message, its thread and its end user in ONE prepared
 * statement, the channel from the registry cache. A missing row is final (`MessagesError`, no retry): it was
 * deleted with its brand or channel, and no later attempt will find it.
 */
@Injectable()
export class MessageContextLoader {
  private readonly m: EntityColumns<MessageEntity>;
  private readonly t: EntityColumns<ThreadEntity>;
  private readonly e: EntityColumns<EndUserEntity>;
  private readonly statement: PreparedStatement;

  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: ThreadRepository,
    private readonly directory: ChannelDirectory,
  ) {
    this.m = new EntityColumns(dataSource, MessageEntity, 'm');
    this.t = new EntityColumns(dataSource, ThreadEntity, 't');
    this.e = new EntityColumns(dataSource, EndUserEntity, 'e');
    this.statement = new PreparedStatement(
      `SELECT ${this.m.select}, ${this.t.select}, ${this.e.select}
       FROM messages m
       LEFT JOIN threads t ON t.id = m.thread_id AND t.brand_id = m.brand_id
       LEFT JOIN end_users e ON e.id = COALESCE(m.author_end_user_id, t.end_user_id) AND e.brand_id = m.brand_id
       WHERE m.brand_id = $1 AND m.id = $2`,
    );
  }

  async load(brandId: string, messageId: string): Promise<MessageContext> {
    const [row] = await this.statement.rows(this.dataSource, [brandId, messageId]);
    const message = row ? this.m.from(row) : null;
    if (!row || !message) throw new MessagesError('MESSAGE.NOT_FOUND', `Message ${messageId} no longer exists`);
    const thread = this.t.from(row);
    if (!thread) throw new MessagesError('MESSAGE.CONTEXT_MISSING', `Thread ${message.threadId} no longer exists`);
    return { message, thread, channel: await this.channelOf(thread), endUser: this.e.from(row) };
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
