import { ApiProperty } from '@nestjs/swagger';
import type { ApiKeyRole } from '../api-key.entity';

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['admin', 'support'] }) role!: ApiKeyRole;
  @ApiProperty({ type: [String], nullable: true, description: 'null: every brand' }) brandIds!: string[] | null;
  @ApiProperty({ description: 'The first characters of the key, to recognise it' }) keyPrefix!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'Updated at most once a minute' }) lastUsedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The key itself. Shown this once: only its SHA-256 is stored.' }) key!: string;
}
