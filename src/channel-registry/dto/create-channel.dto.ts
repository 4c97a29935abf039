import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import { ADAPTER_NAMES, AdapterName } from '../../platform-adapters/platform-adapter';
import { adapterConfigOpenApi } from './adapter-config.openapi';
import { ChannelSettingsDto } from './channel-settings.dto';

/** DFO channel ids seen in the wild: `chat_21ca141d-...`, `sms_sinch-sms_919930349978`, plain uuids. */
export const DFO_CHANNEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/;

export class CreateChannelDto {
  @ApiProperty({ example: 'Watering Hole DMs' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ADAPTER_NAMES })
  @IsIn(ADAPTER_NAMES)
  adapter!: AdapterName;

  @ApiPropertyOptional({
    ...adapterConfigOpenApi("The adapter's config, validated against the adapter's schema (GET /api/v1/adapters). Its secret (writeOnly) fields are sealed and never returned."),
    example: { outboundUrl: 'https://platform.example/byoc', signingSecrets: ['…'] },
  })
  @IsOptionalNotNull()
  @IsObject()
  adapterConfig?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Only when the channel already exists in DFO; otherwise it is created in DFO first' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  @Matches(DFO_CHANNEL_ID_PATTERN, { message: 'dfoChannelId may hold letters, digits and . _ : @ + - only' })
  dfoChannelId?: string;

  @ApiPropertyOptional({ default: 'custom', description: 'DFO realExternalPlatformId, used when the channel is created in DFO' })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  realExternalPlatformId?: string;

  @ApiPropertyOptional({ type: ChannelSettingsDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelSettingsDto)
  settings?: ChannelSettingsDto;
}
