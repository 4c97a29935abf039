import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../core/database/columns';

export type TrustedCaOrigin = 'issued' | 'uploaded';

/**
 * A CA certificate an integration's client certificate may chain to (architecture.md §9.4). Only the certificate:
 * no key is ever stored, neither the issued client's nor the CA's.
 */
@Entity('integration_trusted_cas')
export class TrustedCaEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'integration_id' }) integrationId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text', { name: 'certificate_pem' }) certificatePem!: string;
  /** SHA-256 of the DER certificate, 64 lower-case hex digits: how the API addresses it. */
  @Column('text', { name: 'fingerprint_sha256' }) fingerprintSha256!: string;
  @Column('text') subject!: string;
  @Column('timestamptz', { name: 'not_before' }) notBefore!: Date;
  @Column('timestamptz', { name: 'not_after' }) notAfter!: Date;
  /** `issued`: made by POST .../mtls/credentials; `uploaded`: brought with PUT .../mtls. */
  @Column('text') origin!: TrustedCaOrigin;
  @Column('timestamptz', { name: 'expiry_warned_30d_at', nullable: true }) expiryWarned30dAt!: Date | null;
  @Column('timestamptz', { name: 'expiry_warned_7d_at', nullable: true }) expiryWarned7dAt!: Date | null;
  @Column('timestamptz', { name: 'expiry_warned_expired_at', nullable: true }) expiryWarnedExpiredAt!: Date | null;
}
