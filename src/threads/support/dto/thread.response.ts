import { ApiProperty } from '@nestjs/swagger';
import { ClosedReason, ThreadStatus } from '../../thread.entity';
import { CLOSED_REASONS, THREAD_STATUSES } from './list-threads.query';

export class ThreadSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ description: `The platform's conversation id` }) externalThreadId!: string;
  @ApiProperty({ description: 'The thread id we gave DFO (`thread.idOnExternalPlatform`)' }) dfoThreadRef!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) endUserId!: string | null;
  @ApiProperty({ enum: THREAD_STATUSES }) status!: ThreadStatus;
  @ApiProperty({ enum: CLOSED_REASONS, nullable: true }) closedReason!: ClosedReason | null;
  @ApiProperty({ nullable: true, type: String, description: 'The DFO case (contact) number' }) dfoContactId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The DFO case status last read' }) dfoCaseStatus!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastCustomerActivityAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastAgentActivityAt!: Date | null;
}

export class ThreadPageResponse {
  @ApiProperty({ type: [ThreadSummaryResponse] }) data!: ThreadSummaryResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
}

export class EndUserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() idOnExternalPlatform!: string;
  @ApiProperty({ nullable: true, type: String }) firstName!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName!: string | null;
  @ApiProperty({ nullable: true, type: String }) nickname!: string | null;
  @ApiProperty({ nullable: true, type: String }) imageUrl!: string | null;
}

export class RecipientResponse {
  @ApiProperty() idOnExternalPlatform!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() isPrimary!: boolean;
  @ApiProperty() isPrivate!: boolean;
}

export class ThreadTimersResponse {
  @ApiProperty({ nullable: true, type: Date, description: 'When the idle warning is due (open threads)' }) idleDeadlineAt!: Date | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds until the idle warning; 0 when overdue; null when no clock runs' })
  secondsUntilIdleWarning!: number | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When the countdown closes the thread (idle_warning threads)' }) closeDeadlineAt!: Date | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds until the close; 0 when overdue; null when no countdown runs' })
  secondsUntilClose!: number | null;
}

export class ThreadCaseResponse {
  @ApiProperty({ nullable: true, type: String, description: 'The DFO case (contact) number' }) contactId!: string | null;
  @ApiProperty({ nullable: true, type: String }) status!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When the status was last read from DFO' }) checkedAt!: Date | null;
}

export class ThreadChannelResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) adapter!: string | null;
}

export class ThreadDetailResponse extends ThreadSummaryResponse {
  @ApiProperty({ type: ThreadChannelResponse }) channel!: ThreadChannelResponse;
  @ApiProperty({ type: EndUserResponse, nullable: true }) endUser!: EndUserResponse | null;
  @ApiProperty({ type: [RecipientResponse] }) recipients!: RecipientResponse[];
  @ApiProperty({ type: ThreadTimersResponse }) timers!: ThreadTimersResponse;
  @ApiProperty({ type: ThreadCaseResponse }) case!: ThreadCaseResponse;
}
