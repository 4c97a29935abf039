import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ThreadEventType =
  | 'message.inbound'
  | 'message.outbound'
  | 'message.blocked'
  | 'message.status'
  | 'idle_warning'
  | 'resumed'
  | 'closed'
  | 'case_status'
  | 'delivery.dead';

/** The timeline support engineers read (`GET /api/v1/threads/{id}/events`). */
@Entity('thread_events')
export class ThreadEventEntity {
  /** bigserial: a string, since it may exceed 2^53. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'thread_id' }) threadId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text') type!: ThreadEventType;
  @Column('jsonb') data!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
