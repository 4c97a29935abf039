import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AgentInfo, AuthorKind, MessageAttachment, MessageContent, MessageDirection, MessageEntity, MessageStatus } from '../threads/message.entity';

export interface NewMessage {
  /** Outbound messages use their own id as `idOnExternalPlatform` (what DFO and the platform know them by). */
  id?: string;
  threadId: string;
  channelId: string;
  direction: MessageDirection;
  idOnExternalPlatform: string;
  content: MessageContent;
  attachments: MessageAttachment[];
  authorKind: AuthorKind;
  authorEndUserId: string | null;
  agent: AgentInfo | null;
  status: MessageStatus;
  platformCreatedAt: Date | null;
}

/** Messages in both directions. `brandId` first; an optional `EntityManager` joins the caller's transaction. */
@Injectable()
export class MessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(brandId: string, id: string, manager?: EntityManager): Promise<MessageEntity | null> {
    return this.manager(manager).getRepository(MessageEntity).findOneBy({ brandId, id });
  }

  findByExternalId(brandId: string, channelId: string, direction: MessageDirection, idOnExternalPlatform: string, manager?: EntityManager): Promise<MessageEntity | null> {
    return this.manager(manager).getRepository(MessageEntity).findOneBy({ brandId, channelId, direction, idOnExternalPlatform });
  }

  /** Inserts unless `(channel, direction, idOnExternalPlatform)` exists: null means a duplicate (the dedup key). */
  async insertIfNew(brandId: string, m: NewMessage, manager: EntityManager): Promise<MessageEntity | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO messages (id, brand_id, thread_id, channel_id, direction, id_on_external_platform, content, attachments,
         author_kind, author_end_user_id, agent, status, platform_created_at)
       VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (channel_id, direction, id_on_external_platform) DO NOTHING
       RETURNING id`,
      [
        m.id ?? null, brandId, m.threadId, m.channelId, m.direction, m.idOnExternalPlatform, m.content, JSON.stringify(m.attachments),
        m.authorKind, m.authorEndUserId, m.agent, m.status, m.platformCreatedAt,
      ],
    );
    return rows[0] ? this.findById(brandId, rows[0].id, manager) : null;
  }

  /** Conditional status change (`from` → `to`); false when the message was in none of `from`. */
  async transition(
    brandId: string,
    id: string,
    from: MessageStatus[],
    to: MessageStatus,
    extra: { platformMessageId?: string | null; statusReason?: string | null } = {},
    manager?: EntityManager,
  ): Promise<boolean> {
    const result = await this.manager(manager).getRepository(MessageEntity).update({ brandId, id, status: In(from) }, { status: to, ...extra });
    return (result.affected ?? 0) > 0;
  }

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }
}
