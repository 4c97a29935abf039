import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { MtlsMode } from '../integration.entity';
import { TrustedCaEntity } from './trusted-ca.entity';

export type NewTrustedCa = Pick<TrustedCaEntity, 'certificatePem' | 'fingerprintSha256' | 'subject' | 'notBefore' | 'notAfter' | 'origin'>;

/** What verifying a call needs: the mode, and (unless `off`) the certificates to chain to. */
export interface MtlsPolicy {
  mode: MtlsMode;
  trusted: Array<{ fingerprintSha256: string; certificatePem: string }>;
}

/** One expiry warning to give: the threshold just crossed and the certificate it is about. */
export type ExpiryThreshold = '30d' | '7d' | 'expired';
export interface DueExpiryWarning {
  threshold: ExpiryThreshold;
  brandId: string;
  integrationId: string;
  fingerprintSha256: string;
  subject: string;
  notAfter: Date;
}

const WARNED_COLUMN: Record<ExpiryThreshold, string> = { '30d': 'expiry_warned_30d_at', '7d': 'expiry_warned_7d_at', expired: 'expiry_warned_expired_at' };
/** A warning also counts as the less urgent ones not given yet (a CA uploaded 5 days before it expires gets one warning, not two). */
const ALSO_COVERS: Record<ExpiryThreshold, ExpiryThreshold[]> = { '30d': [], '7d': ['30d'], expired: ['7d', '30d'] };
const WARN_BEFORE_SECONDS: Record<ExpiryThreshold, number> = { '30d': 30 * 86400, '7d': 7 * 86400, expired: 0 };

@Injectable()
export class TrustedCaRepository {
  constructor(@InjectRepository(TrustedCaEntity) private readonly cas: Repository<TrustedCaEntity>) {}

  /** The integration's trusted CAs, the first to expire first. */
  list(brandId: string, integrationId: string, manager?: EntityManager): Promise<TrustedCaEntity[]> {
    return this.repo(manager).find({ where: { brandId, integrationId }, order: { notAfter: 'ASC', fingerprintSha256: 'ASC' } });
  }

  /** The trusted CAs of several integrations of one brand, for lists. */
  listForIntegrations(brandId: string, integrationIds: string[]): Promise<TrustedCaEntity[]> {
    if (integrationIds.length === 0) return Promise.resolve([]);
    return this.cas.find({ where: { brandId, integrationId: In(integrationIds) }, order: { notAfter: 'ASC', fingerprintSha256: 'ASC' } });
  }

  async insert(brandId: string, integrationId: string, rows: NewTrustedCa[], manager?: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await this.repo(manager).insert(rows.map((row) => ({ ...row, brandId, integrationId })));
  }

  async delete(brandId: string, integrationId: string, fingerprints: string[], manager?: EntityManager): Promise<number> {
    if (fingerprints.length === 0) return 0;
    const result = await this.repo(manager).delete({ brandId, integrationId, fingerprintSha256: In(fingerprints) });
    return result.affected ?? 0;
  }

  /**
   * The integration's mode and, unless it is `off`, its trusted certificates, in one query: this runs on every call
   * CXone makes. Null when the integration does not exist (in this brand).
   */
  async policy(brandId: string, integrationId: string): Promise<MtlsPolicy | null> {
    const rows: Array<{ mode: MtlsMode; fingerprint: string | null; pem: string | null }> = await this.cas.query(
      `SELECT i.mtls_mode AS mode, c.fingerprint_sha256 AS fingerprint, c.certificate_pem AS pem
         FROM integrations i
         LEFT JOIN integration_trusted_cas c ON c.integration_id = i.id AND c.brand_id = i.brand_id AND i.mtls_mode <> 'off'
        WHERE i.brand_id = $1 AND i.id = $2`,
      [brandId, integrationId],
    );
    if (rows.length === 0) return null;
    const trusted = rows.flatMap((r) => (r.fingerprint !== null && r.pem !== null ? [{ fingerprintSha256: r.fingerprint, certificatePem: r.pem }] : []));
    return { mode: rows[0]!.mode, trusted };
  }

  /**
   * Every brand's trusted CAs, for the expiry gauge (metrics are not brand-scoped). Small: a handful per integration.
   */
  allExpiries(): Promise<Array<{ integrationId: string; fingerprintSha256: string; notAfter: Date }>> {
    return this.cas.find({ select: { integrationId: true, fingerprintSha256: true, notAfter: true } });
  }

  /**
   * Marks, across every brand (the daily check is a system job), the certificates that have just come within
   * `threshold` of expiring and were not warned about yet, and returns them. A conditional update: with several
   * instances running the check, each warning is returned to exactly one of them. Run the most urgent threshold first.
   */
  async markDueWarnings(threshold: ExpiryThreshold, now: Date): Promise<DueExpiryWarning[]> {
    const column = WARNED_COLUMN[threshold];
    const covered = ALSO_COVERS[threshold].map((t) => `, ${WARNED_COLUMN[t]} = COALESCE(${WARNED_COLUMN[t]}, $1)`).join('');
    const result: unknown = await this.cas.query(
      `UPDATE integration_trusted_cas SET ${column} = $1${covered}
        WHERE ${column} IS NULL AND not_after <= $1::timestamptz + make_interval(secs => $2)
        RETURNING brand_id, integration_id, fingerprint_sha256, subject, not_after`,
      [now.toISOString(), WARN_BEFORE_SECONDS[threshold]],
    );
    // TypeORM answers an UPDATE with `[rows, rowCount]`.
    const rows = (result as [Array<{ brand_id: string; integration_id: string; fingerprint_sha256: string; subject: string; not_after: Date }>, number])[0];
    return rows.map((r) => ({
      threshold,
      brandId: r.brand_id,
      integrationId: r.integration_id,
      fingerprintSha256: r.fingerprint_sha256,
      subject: r.subject,
      notAfter: new Date(r.not_after),
    }));
  }

  private repo(manager?: EntityManager): Repository<TrustedCaEntity> {
    return manager ? manager.getRepository(TrustedCaEntity) : this.cas;
  }
}
