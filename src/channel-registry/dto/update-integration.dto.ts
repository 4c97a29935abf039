import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import type { ReplyApi } from '../integration.entity';
import { REPLY_APIS } from './create-integration.dto';

export class UpdateIntegrationDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: REPLY_APIS })
  @IsOptionalNotNull()
  @IsIn(REPLY_APIS)
  replyApi?: ReplyApi;

  @ApiPropertyOptional({ description: 'The Integration ID CXone issued' })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  channelIntegrationId?: string;
}
