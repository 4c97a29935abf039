import { ApiProperty } from '@nestjs/swagger';
import { MTLS_MODES, MtlsMode, ReplyApi } from '../integration.entity';

export class CxoneFormResponse {
  @ApiProperty({ example: 'https://bridge.example/integration/box' }) integrationBoxUrl!: string;
  @ApiProperty({ example: 'https://bridge.example/integration/box/1.0/token' }) authorizationUrl!: string;
  @ApiProperty({ example: 'https://bridge.example/integration/actions/add/3f0c2a52-7d1e-4b8e-9a51-2c6f1d0e8b47' }) addActionUrl!: string;
  @ApiProperty({ example: 'https://bridge.example/integration/actions/reconnect/3f0c2a52-7d1e-4b8e-9a51-2c6f1d0e8b47' }) reconnectActionUrl!: string;
  @ApiProperty({ example: 'https://bridge.example/integration/actions/remove/3f0c2a52-7d1e-4b8e-9a51-2c6f1d0e8b47' }) removeActionUrl!: string;
}

/** Where the integration's credentials stand (docs/architecture.md §9.5); never a secret or a hash. */
export class IntegrationSecretsResponse {
  @ApiProperty({ nullable: true, type: Date, description: 'When the client secret was last rotated; null: never since the integration was created' })
  clientSecretRotatedAt!: Date | null;

  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'The secret the last rotation replaced is accepted until then (a past time: no longer); null: only the current secret is',
  })
  previousClientSecretValidUntil!: Date | null;

  @ApiProperty({ nullable: true, type: Date, description: 'Integration Box tokens issued before this time are refused (the last revocation); null: never revoked' })
  tokensValidAfter!: Date | null;
}

export class TrustedCaResponse {
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'SHA-256 of the DER certificate, hex' }) fingerprintSha256!: string;
  @ApiProperty() notAfter!: Date;
}

/** mTLS between CXone and byoc-bridge (docs/architecture.md §9.4). */
export class IntegrationMtlsResponse {
  @ApiProperty({ enum: MTLS_MODES }) mode!: MtlsMode;
  @ApiProperty({ type: [TrustedCaResponse], description: 'The CA certificates a client certificate must chain to' }) trusted!: TrustedCaResponse[];
}

/** An integration as the API shows it: never its client secret nor the secret's hash. */
export class IntegrationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The Client ID for CXone\'s BYOC form' }) clientId!: string;
  @ApiProperty({ enum: ['2.0', '1.0'] }) replyApi!: ReplyApi;
  @ApiProperty({ nullable: true, type: String }) channelIntegrationId!: string | null;
  @ApiProperty({ type: CxoneFormResponse, description: 'The URLs to paste into CXone\'s BYOC form' }) cxone!: CxoneFormResponse;
  @ApiProperty({ type: IntegrationSecretsResponse }) secrets!: IntegrationSecretsResponse;
  @ApiProperty({ type: IntegrationMtlsResponse }) mtls!: IntegrationMtlsResponse;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class CreatedIntegrationResponse extends IntegrationResponse {
  @ApiProperty({ description: 'The Client Secret for CXone\'s BYOC form. Shown this once: only its scrypt hash is stored.' })
  clientSecret!: string;
}

export class RotatedClientSecretResponse {
  @ApiProperty({ description: 'The new Client Secret for CXone\'s BYOC form. Shown this once: only its scrypt hash is stored.' })
  clientSecret!: string;
}
