import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import { adapterConfigOpenApi } from './adapter-config.openapi';
import { ChannelSettingsDto } from './channel-settings.dto';

export class UpdateChannelDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: ChannelSettingsDto, description: 'Merged into the current settings' })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelSettingsDto)
  settings?: ChannelSettingsDto;

  @ApiPropertyOptional(adapterConfigOpenApi('Replaces the adapter config, re-validated against its schema; a secret field left out keeps its current (sealed) value'))
  @IsOptionalNotNull()
  @IsObject()
  adapterConfig?: Record<string, unknown>;
}
