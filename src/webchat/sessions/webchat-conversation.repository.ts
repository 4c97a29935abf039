import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessageEntity } from '../../threads/message.entity';
import { ThreadEntity } from '../../threads/thread.entity';

/**
 * What the web chat reads of the threads and messages tables, by conversation (the web chat's own thread id).
 * Read-only: threads and messages are written by the inbound pipeline, the outbox and the lifecycle only.
 */
@Injectable()
export class WebchatConversationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The conversation's newest thread (a conversation spans several after `new_thread`), or null before its first message. */
  latestThread(brandId: string, channelId: string, conversationId: string): Promise<ThreadEntity | null> {
    return this.dataSource.getRepository(ThreadEntity).findOne({
      where: { brandId, channelId, idOnExternalPlatform: conversationId },
      order: { createdAt: 'DESC' },
    });
  }

  /**
   * The visitor's newest conversation that is not closed and started after `since` (the start of the conversation
   * their widget is on): one an agent started with them (agent-initiated outbound) in the meantime.
   */
  async newerLiveConversation(brandId: string, channelId: string, endUserId: string, since: Date | null): Promise<string | null> {
    const rows: { id_on_external_platform: string }[] = await this.dataSource.query(
      `SELECT t.id_on_external_platform
         FROM threads t JOIN end_users u ON u.id = t.end_user_id
        WHERE t.brand_id = $1 AND t.channel_id = $2 AND u.brand_id = $1 AND u.channel_id = $2
          AND u.id_on_external_platform = $3 AND t.status <> 'closed' AND ($4::timestamptz IS NULL OR t.created_at > $4)
        ORDER BY t.created_at DESC LIMIT 1`,
      [brandId, channelId, endUserId, since],
    );
    return rows[0]?.id_on_external_platform ?? null;
  }

  /** The conversation's newest messages (of every thread it spans), oldest first. */
  async messages(brandId: string, channelId: string, conversationId: string, limit: number): Promise<MessageEntity[]> {
    const newest = await this.dataSource
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .innerJoin(ThreadEntity, 't', 't.id = m.thread_id AND t.brand_id = m.brand_id')
      .where('m.brand_id = :brandId AND m.channel_id = :channelId AND t.id_on_external_platform = :conversationId', { brandId, channelId, conversationId })
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit)
      .getMany();
    return newest.reverse();
  }
}
