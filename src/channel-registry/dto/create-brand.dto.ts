import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsNotEmpty, IsObject, IsString, IsUrl, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '../../core/errors/validation';
import type { DfoAuthKind } from '../brand.entity';

export const DFO_AUTH_KINDS: readonly DfoAuthKind[] = ['access_key', 'client_credentials'];
/** The host may be a bare name or an IP; plain http and non-public addresses only as EGRESS_ALLOW_PRIVATE_NETWORKS allows (BrandsService). */
const URL_OPTIONS: Parameters<typeof IsUrl>[0] = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const INT32_MAX = 2147483647;

export class BrandDfoDto {
  @ApiProperty({ example: 'https://api-de-na1.niceincontact.com/dfo/3.0', description: 'DFO API base, up to /dfo/3.0' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  apiBaseUrl!: string;

  @ApiProperty({ enum: DFO_AUTH_KINDS, description: '`access_key`: POST /auth/token (grant_type=password); `client_credentials`: legacy /engager/2.0/token' })
  @IsIn(DFO_AUTH_KINDS)
  authKind!: DfoAuthKind;

  @ApiPropertyOptional({
    description: 'Defaults to https://cxone.niceincontact.com/auth/token (access_key) or <origin of apiBaseUrl>/engager/2.0/token (client_credentials)',
  })
  @IsOptionalNotNull()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  authUrl?: string;

  @ApiProperty({ description: 'Access key id (access_key) or client id (client_credentials)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  keyId!: string;

  @ApiProperty({ description: 'Access key secret or client secret. Sealed at rest (AES-256-GCM) and never returned.', writeOnly: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  secret!: string;
}

export class CreateBrandDto {
  @ApiProperty({ example: 'The Jungle' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '86f85ac0-aaed-48e4-9b90-89e31572c627', description: 'CXone tenant id' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  tenantId!: string;

  @ApiProperty({ example: 1234, description: 'DFO brand id' })
  @IsInt()
  @Min(1)
  @Max(INT32_MAX)
  dfoBrandId!: number;

  @ApiProperty({ example: 4600123 })
  @IsInt()
  @Min(1)
  @Max(INT32_MAX)
  businessUnitId!: number;

  @ApiProperty({ type: BrandDfoDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BrandDfoDto)
  dfo!: BrandDfoDto;
}
