import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ClosedReason } from '../core/domain/conversation';
import { Timestamped } from '../core/database/columns';

export type ThreadStatus = 'open' | 'idle_warning' | 'closed';
export type { ClosedReason };

/**
 * One conversation. `idOnExternalPlatform` is the platform's conversation id; `dfoThreadRef` is the
 * `thread.idOnExternalPlatform` we give DFO (equal to it at first, suffixed when a new conversation starts on the
 * same platform thread, so that DFO opens a new case). Status changes are conditional updates only.
 */
@Entity('threads')
export class ThreadEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'channel_id' }) channelId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text', { name: 'id_on_external_platform' }) idOnExternalPlatform!: string;
  @Column('text', { name: 'dfo_thread_ref' }) dfoThreadRef!: string;
  @Column('uuid', { name: 'end_user_id', nullable: true }) endUserId!: string | null;
  @Column('text', { name: 'dfo_contact_id', nullable: true }) dfoContactId!: string | null;
  @Column('text', { name: 'dfo_case_status', nullable: true }) dfoCaseStatus!: string | null;
  @Column('timestamptz', { name: 'dfo_case_checked_at', nullable: true }) dfoCaseCheckedAt!: Date | null;
  @Column('text') status!: ThreadStatus;
  @Column('text', { name: 'closed_reason', nullable: true }) closedReason!: ClosedReason | null;
  @Column('timestamptz', { name: 'idle_deadline_at', nullable: true }) idleDeadlineAt!: Date | null;
  @Column('timestamptz', { name: 'close_deadline_at', nullable: true }) closeDeadlineAt!: Date | null;
  @Column('timestamptz', { name: 'last_customer_activity_at', nullable: true }) lastCustomerActivityAt!: Date | null;
  @Column('timestamptz', { name: 'last_agent_activity_at', nullable: true }) lastAgentActivityAt!: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
