import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { affectedRows } from '../../../core/database/sql-result';
import { WebchatEventEntity, WebchatEventType } from './webchat-event.entity';

/** A web chat conversation: the channel and the web chat's own thread id. */
export interface ConversationKey {
  channelId: string;
  conversationId: string;
}

interface EventRow {
  id: string;
  brand_id: string;
  channel_id: string;
  thread_id: string;
  conversation_id: string;
  type: WebchatEventType;
  data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, brand_id, channel_id, thread_id, conversation_id, type, data, created_at, updated_at';

function toEntity(row: EventRow): WebchatEventEntity {
  return Object.assign(new WebchatEventEntity(), {
    id: String(row.id),
    brandId: row.brand_id,
    channelId: row.channel_id,
    threadId: row.thread_id,
    conversationId: row.conversation_id,
    type: row.type,
    data: row.data,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/** The web chat event log. Every method takes the brand first and filters by it. */
@Injectable()
export class WebchatEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an event to the conversation's newest thread (the one the adapter is talking about). Returns null when
   * the conversation has no thread, which is a caller's bug: the thread is recorded before anything is sent to it.
   */
  async append(brandId: string, key: ConversationKey, type: WebchatEventType, data: Record<string, unknown>, manager?: EntityManager): Promise<WebchatEventEntity | null> {
    const rows: EventRow[] = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO webchat_events (brand_id, channel_id, thread_id, conversation_id, type, data)
       SELECT t.brand_id, t.channel_id, t.id, t.id_on_external_platform, $4, $5::jsonb
         FROM threads t
        WHERE t.brand_id = $1 AND t.channel_id = $2 AND t.id_on_external_platform = $3
        ORDER BY t.created_at DESC
        LIMIT 1
       RETURNING ${COLUMNS}`,
      [brandId, key.channelId, key.conversationId, type, JSON.stringify(data)],
    );
    return rows[0] ? toEntity(rows[0]) : null;
  }

  async findById(brandId: string, id: string): Promise<WebchatEventEntity | null> {
    const rows: EventRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM webchat_events WHERE brand_id = $1 AND id = $2`, [brandId, id]);
    return rows[0] ? toEntity(rows[0]) : null;
  }

  /** Events of the conversation after `afterId`, oldest first (the replay after `Last-Event-ID`). */
  async listAfter(brandId: string, key: ConversationKey, afterId: string, limit: number): Promise<WebchatEventEntity[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webchat_events
        WHERE brand_id = $1 AND channel_id = $2 AND conversation_id = $3 AND id > $4
        ORDER BY id LIMIT $5`,
      [brandId, key.channelId, key.conversationId, afterId, limit],
    );
    return rows.map(toEntity);
  }

  /** Events of some types, oldest first (the history's system notes). */
  async listOfTypes(brandId: string, key: ConversationKey, types: WebchatEventType[], limit: number): Promise<WebchatEventEntity[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT ${COLUMNS} FROM webchat_events
          WHERE brand_id = $1 AND channel_id = $2 AND conversation_id = $3 AND type = ANY($4::text[])
          ORDER BY id DESC LIMIT $5) newest
        ORDER BY id`,
      [brandId, key.channelId, key.conversationId, types, limit],
    );
    return rows.map(toEntity);
  }

  /** The id of the conversation's newest event, or '0'; the history hands it to the SSE stream as its starting point. */
  async lastId(brandId: string, key: ConversationKey): Promise<string> {
    const rows: { id: string | null }[] = await this.dataSource.query(
      'SELECT max(id) AS id FROM webchat_events WHERE brand_id = $1 AND channel_id = $2 AND conversation_id = $3',
      [brandId, key.channelId, key.conversationId],
    );
    return rows[0]?.id != null ? String(rows[0].id) : '0';
  }

  /**
   * Maintenance across brands (the one method without a brand): deletes up to `batch` events recorded before
   * `before`, oldest first. Ids grow with time, so walking them in order finds old rows first without another index.
   */
  async pruneBefore(before: Date, batch: number): Promise<number> {
    const result: unknown = await this.dataSource.query(
      `DELETE FROM webchat_events WHERE id IN (
         SELECT id FROM webchat_events WHERE created_at < $1 ORDER BY id LIMIT $2)`,
      [before, batch],
    );
    return affectedRows(result);
  }
}
