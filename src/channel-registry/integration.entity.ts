import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';

export type ReplyApi = '2.0' | '1.0';

/**
 * What the integration's mTLS asks of CXone's calls to the token endpoint and the Integration Box (architecture.md
 * §9.4): nothing (`off`), a good client certificate counted but not required (`report`), or required (`enforce`).
 */
export const MTLS_MODES = ['off', 'report', 'enforce'] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];

/** A BYOC integration (a channel type in CXone) and the client credentials DFO presents to our token endpoint. */
@Entity('integrations')
export class IntegrationEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text') name!: string;
  /** CXone's Integration ID, null until CXone issues it. */
  @Column('text', { name: 'channel_integration_id', nullable: true }) channelIntegrationId!: string | null;
  @Column('text', { name: 'client_id' }) clientId!: string;
  /** scrypt hash; the secret itself is shown once, at creation or rotation. */
  @Column('text', { name: 'client_secret_hash' }) clientSecretHash!: string;
  @Column('timestamptz', { name: 'client_secret_rotated_at', nullable: true }) clientSecretRotatedAt!: Date | null;
  /** The secret a rotation replaced, accepted until `previousClientSecretExpiresAt` (both null, or both set). */
  @Column('text', { name: 'previous_client_secret_hash', nullable: true }) previousClientSecretHash!: string | null;
  @Column('timestamptz', { name: 'previous_client_secret_expires_at', nullable: true }) previousClientSecretExpiresAt!: Date | null;
  /** Integration Box tokens carry it; a revocation increments it, which refuses every token issued before. */
  @Column('integer', { name: 'token_generation' }) tokenGeneration!: number;
  @Column('timestamptz', { name: 'tokens_revoked_at', nullable: true }) tokensRevokedAt!: Date | null;
  @Column('text', { name: 'reply_api' }) replyApi!: ReplyApi;
  @Column('text', { name: 'mtls_mode' }) mtlsMode!: MtlsMode;
}
