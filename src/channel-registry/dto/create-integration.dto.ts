import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import type { ReplyApi } from '../integration.entity';

export const REPLY_APIS: readonly ReplyApi[] = ['2.0', '1.0'];

export class CreateIntegrationDto {
  @ApiProperty({ example: 'Watering Hole' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: REPLY_APIS, description: '"2.0" when CXone\'s "Use DFO 3.0 Outbound API for replies" is on, "1.0" otherwise' })
  @IsIn(REPLY_APIS)
  replyApi!: ReplyApi;

  @ApiPropertyOptional({ description: 'The Integration ID CXone shows once the BYOC form is saved (can be set later with PATCH)' })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  channelIntegrationId?: string;
}
