import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../../core/database/columns';

export const WEBCHAT_EVENT_TYPES = ['message', 'typing', 'status', 'idle_warning', 'resumed', 'closed'] as const;
export type WebchatEventType = (typeof WEBCHAT_EVENT_TYPES)[number];

/**
 * One event for a web chat conversation, as the browser receives it over Server-Sent Events. The id (bigserial) is
 * the SSE `id:`; `conversationId` is the web chat's own thread id (`threads.id_on_external_platform`).
 */
@Entity('webchat_events')
export class WebchatEventEntity extends Timestamped {
  /** bigserial: a string, since it may exceed 2^53. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('uuid', { name: 'channel_id' }) channelId!: string;
  @Column('uuid', { name: 'thread_id' }) threadId!: string;
  @Column('text', { name: 'conversation_id' }) conversationId!: string;
  @Column('text') type!: WebchatEventType;
  @Column('jsonb') data!: Record<string, unknown>;
}
