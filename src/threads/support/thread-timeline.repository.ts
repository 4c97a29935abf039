import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryRow } from './deliveries-query.repository';
import { AgentInfo, AuthorKind, MessageAttachment, MessageContent, MessageDirection, MessageStatus } from '../message.entity';
import { cursorTimestampSql } from './cursor';

export interface EndUserRow {
  id: string;
  id_on_external_platform: string;
  first_name: string | null;
  last_name: string | null;
  nickname: string | null;
  image_url: string | null;
}

export interface RecipientRow {
  id_on_external_platform: string;
  name: string | null;
  is_primary: boolean;
  is_private: boolean;
}

export interface MessageRow {
  id: string;
  direction: MessageDirection;
  id_on_external_platform: string;
  platform_message_id: string | null;
  content: MessageContent;
  attachments: MessageAttachment[];
  author_kind: AuthorKind;
  author_end_user_id: string | null;
  agent: AgentInfo | null;
  status: MessageStatus;
  status_reason: string | null;
  platform_created_at: Date | null;
  created_at: Date;
  created_key: string;
}

/** A message's delivery, as the timeline shows it: the columns of a support delivery row that matter there. */
export type DeliveryAttemptRow = Pick<DeliveryRow, 'id' | 'message_id' | 'kind' | 'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'completed_at' | 'created_at'>;

export interface EventRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

/**
 * The support API's reads of one thread's surroundings; `brandId` first, in every `where`. Bigint ids are selected
 * as text (they may pass 2^53), so sorts name the table's column: a bare `ORDER BY id` would sort the text alias,
 * putting event 100 before event 99.
 */
@Injectable()
export class ThreadTimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  async endUser(brandId: string, endUserId: string): Promise<EndUserRow | null> {
    const rows: EndUserRow[] = await this.dataSource.query(
      'SELECT id, id_on_external_platform, first_name, last_name, nickname, image_url FROM end_users WHERE id = $2 AND brand_id = $1',
      [brandId, endUserId],
    );
    return rows[0] ?? null;
  }

  async recipients(brandId: string, threadId: string): Promise<RecipientRow[]> {
    return this.dataSource.query(
      `SELECT id_on_external_platform, name, is_primary, is_private FROM thread_recipients
       WHERE thread_id = $2 AND brand_id = $1 ORDER BY is_primary DESC, created_at, id`,
      [brandId, threadId],
    );
  }

  async channelName(brandId: string, channelId: string): Promise<{ name: string; adapter: string } | null> {
    const rows: { name: string; adapter: string }[] = await this.dataSource.query('SELECT name, adapter FROM channels WHERE id = $2 AND brand_id = $1', [brandId, channelId]);
    return rows[0] ?? null;
  }

  /** Oldest first, after the `(created_at, id)` cursor; one row more than `limit` signals a next page. */
  async messages(brandId: string, threadId: string, after: { createdAt: string; id: string } | undefined, limit: number): Promise<MessageRow[]> {
    const params: unknown[] = [brandId, threadId, limit + 1];
    let cursor = '';
    if (after) {
      params.push(after.createdAt, after.id);
      cursor = 'AND (created_at, id) > ($4::timestamptz, $5::uuid)';
    }
    return this.dataSource.query(
      `SELECT id, direction, id_on_external_platform, platform_message_id, content, attachments, author_kind, author_end_user_id,
         agent, status, status_reason, platform_created_at, created_at, ${cursorTimestampSql('created_at')} AS created_key
       FROM messages WHERE thread_id = $2 AND brand_id = $1 ${cursor}
       ORDER BY created_at, id LIMIT $3`,
      params,
    );
  }

  /** The outbox rows of these messages (every kind: the DFO create, the platform send, receipts). */
  async deliveriesOf(brandId: string, messageIds: string[]): Promise<DeliveryAttemptRow[]> {
    if (messageIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT id::text AS id, message_id, kind, status, attempts, next_attempt_at, last_error, completed_at, created_at
       FROM deliveries d WHERE d.message_id = ANY($2::uuid[]) AND d.brand_id = $1 ORDER BY d.id`,
      [brandId, messageIds],
    );
  }

  /** The timeline in the order it happened (event ids are a sequence). */
  async events(brandId: string, threadId: string, afterId: string | undefined, limit: number): Promise<EventRow[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, type, data, created_at FROM thread_events
       WHERE thread_id = $2 AND brand_id = $1 AND id > $3::bigint ORDER BY thread_events.id LIMIT $4`,
      [brandId, threadId, afterId ?? '0', limit + 1],
    );
  }
}
