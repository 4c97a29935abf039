import { ApiProperty } from '@nestjs/swagger';
import type { DfoAuthKind } from '../brand.entity';

export class BrandDfoResponse {
  @ApiProperty() apiBaseUrl!: string;
  @ApiProperty({ enum: ['access_key', 'client_credentials'] }) authKind!: DfoAuthKind;
  @ApiProperty() authUrl!: string;
  @ApiProperty() keyId!: string;
}

/** A brand as the API shows it: never its DFO secret. */
export class BrandResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty() dfoBrandId!: number;
  @ApiProperty() businessUnitId!: number;
  @ApiProperty({ type: BrandDfoResponse }) dfo!: BrandDfoResponse;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
