import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';

export type MessageDirection = 'inbound' | 'outbound';
export type MessageStatus = 'accepted' | 'sent_to_dfo' | 'sent' | 'delivered' | 'seen' | 'failed' | 'blocked';
export type AuthorKind = 'end_user' | 'agent' | 'system';

/** DFO `messageContent`: `{type: 'TEXT', payload: {text}}` and the richer types of docs/dfo-contract.md d.6. */
export interface MessageContent {
  type: string;
  payload: Record<string, unknown>;
  fallbackText?: string | null;
  postback?: string | null;
}

export interface MessageAttachment {
  url: string;
  name: string;
}

export interface AgentInfo {
  id?: number | string;
  name?: string;
}

/**
 * One message in either direction. `(channelId, direction, idOnExternalPlatform)` is the dedup key: inbound it is the
 * platform's message id, outbound it is the id we answered DFO with (`platformMessageId` is the platform's own).
 */
@Entity('messages')
export class MessageEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'thread_id' }) threadId!: string;
  @Column('uuid', { name: 'channel_id' }) channelId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text') direction!: MessageDirection;
  @Column('text', { name: 'id_on_external_platform' }) idOnExternalPlatform!: string;
  @Column('text', { name: 'platform_message_id', nullable: true }) platformMessageId!: string | null;
  @Column('jsonb') content!: MessageContent;
  @Column('jsonb') attachments!: MessageAttachment[];
  @Column('text', { name: 'author_kind' }) authorKind!: AuthorKind;
  @Column('uuid', { name: 'author_end_user_id', nullable: true }) authorEndUserId!: string | null;
  @Column('jsonb', { nullable: true }) agent!: AgentInfo | null;
  @Column('text') status!: MessageStatus;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column('timestamptz', { name: 'platform_created_at', nullable: true }) platformCreatedAt!: Date | null;
}
