import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';
import type { DeliveryKind } from './delivery-kinds';

export type { DeliveryKind };
export type DeliveryStatus = 'pending' | 'in_flight' | 'done' | 'dead';

/** The outbox: one row per call to DFO or to a platform that must happen, in order per thread, until done or dead. */
@Entity('deliveries')
export class DeliveryEntity extends Timestamped {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('uuid', { name: 'channel_id', nullable: true }) channelId!: string | null;
  @Column('uuid', { name: 'thread_id', nullable: true }) threadId!: string | null;
  @Column('uuid', { name: 'message_id', nullable: true }) messageId!: string | null;
  @Column('text') kind!: DeliveryKind;
  /** Typed by `kind` (see `Delivery<K>` in outbox.types.ts); as a bare row it is just jsonb. */
  @Column('jsonb') payload!: unknown;
  @Column('text') status!: DeliveryStatus;
  /** Pending behind an earlier unfinished delivery of its thread: not claimable until that one settles. */
  @Column('boolean') held!: boolean;
  @Column('integer') attempts!: number;
  @Column('timestamptz', { name: 'next_attempt_at' }) nextAttemptAt!: Date;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
}
