import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ClosedReason, ThreadStatus } from '../../thread.entity';
import { PageQuery } from './page.query';

export const THREAD_STATUSES: readonly ThreadStatus[] = ['open', 'idle_warning', 'closed'];
export const CLOSED_REASONS: readonly ClosedReason[] = ['agent', 'idle_timeout', 'customer', 'admin'];

export class ListThreadsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  brandId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  channelId?: string;

  @ApiPropertyOptional({ enum: THREAD_STATUSES })
  @IsOptional()
  @IsIn(THREAD_STATUSES)
  status?: ThreadStatus;

  @ApiPropertyOptional({ enum: CLOSED_REASONS })
  @IsOptional()
  @IsIn(CLOSED_REASONS)
  closedReason?: ClosedReason;

  @ApiPropertyOptional({ description: `Our end-user id, or the end user's id on the platform` })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  endUser?: string;

  @ApiPropertyOptional({ description: `The platform's conversation id, or the thread id we gave DFO` })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  externalThreadId?: string;

  @ApiPropertyOptional({ description: 'The DFO case (contact) number' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  dfoContactId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only threads changed at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  updatedSince?: string;
}
