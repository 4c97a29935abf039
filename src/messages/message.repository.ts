import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { PreparedStatement } from '../core/database/prepared-statement';
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

/** See `MessageRepository.markSentToDfo`. $7: refresh the cached case check when it is older than this. */
const MARK_SENT_TO_DFO = new PreparedStatement(`
  WITH thread AS (
    UPDATE threads t SET
      dfo_contact_id = COALESCE($4, t.dfo_contact_id),
      dfo_case_status = COALESCE($5, t.dfo_case_status),
      dfo_case_checked_at = CASE WHEN $5::text IS NULL THEN t.dfo_case_checked_at ELSE $6 END
    WHERE t.brand_id = $1 AND t.id = $3
      AND (t.dfo_contact_id IS DISTINCT FROM COALESCE($4, t.dfo_contact_id)
           OR ($5::text IS NOT NULL AND (t.dfo_case_status IS DISTINCT FROM $5 OR t.dfo_case_checked_at IS NULL OR t.dfo_case_checked_at < $7)))
    RETURNING t.id)
  UPDATE messages m SET status = 'sent_to_dfo'
  WHERE m.brand_id = $1 AND m.id = $2 AND m.thread_id = $3 AND m.status = 'accepted' AND (SELECT count(*) FROM thread) >= 0`);

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

  /** Moves a message not yet forwarded to another conversation of its platform thread; false when it has moved on. */
  async moveToThread(brandId: string, id: string, threadId: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.getRepository(MessageEntity).update({ brandId, id, status: 'accepted' }, { threadId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * The bookkeeping after DFO took an end user's message, in ONE statement: the message goes `accepted` →
   * `sent_to_dfo`, and the thread keeps the case DFO answered with (and its status, checked now). The thread row is
   * written only when that changes something, or when the cached check is older than `refreshCheckBefore`: most
   * messages of a conversation land in the same case, and a thread write (a new row version, its indexes, its
   * trigger) per message would be the costliest part. When it is written, it is written first (an InitPlan), so the
   * thread is locked before the message, in the order the inbound path takes; the other order can deadlock with a
   * replay of this very message. Returns whether the message changed.
   */
  async markSentToDfo(
    brandId: string,
    messageId: string,
    threadId: string,
    contact: { id: string; status?: string } | null,
    at: Date,
    refreshCheckBefore: Date,
  ): Promise<boolean> {
    const status = contact?.id ? (contact.status ?? null) : null;
    const result = await MARK_SENT_TO_DFO.run(this.dataSource, [brandId, messageId, threadId, contact?.id ?? null, status, at, refreshCheckBefore]);
    const changed = result.rowCount ?? 0;
    return changed > 0;
  }

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }
}
