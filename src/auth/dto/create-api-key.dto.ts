import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import type { ApiKeyRole } from '../api-key.entity';

export const API_KEY_ROLES: readonly ApiKeyRole[] = ['admin', 'support'];

export class CreateApiKeyDto {
  @ApiProperty({ example: 'support desk', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: API_KEY_ROLES, description: '`admin` manages brands, integrations, channels and keys; `support` reads.' })
  @IsIn(API_KEY_ROLES)
  role!: ApiKeyRole;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Brands the key may see. Left out: every brand (only a key that itself sees every brand may do that).',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  brandIds?: string[];
}
