import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import type { ChannelStatus } from '../channel.entity';

const CHANNEL_STATUSES: readonly ChannelStatus[] = ['active', 'disconnected', 'removed'];

export class ListChannelsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID('all')
  brandId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID('all')
  integrationId?: string;

  @ApiPropertyOptional({ enum: CHANNEL_STATUSES })
  @IsOptionalNotNull()
  @IsIn(CHANNEL_STATUSES)
  status?: ChannelStatus;
}
