import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { DueExpiryWarning, ExpiryThreshold, TrustedCaRepository } from './trusted-ca.repository';

const DAY_MS = 86_400_000;
/** The most urgent first: a certificate found already within 7 days is warned about once, as such. */
const THRESHOLDS: readonly ExpiryThreshold[] = ['expired', '7d', '30d'];

/**
 * The expiry check of trusted CA certificates (architecture.md §9.4): a warning 30 days and 7 days before one
 * expires, and an error once it has. Each is logged once, by one instance (the repository marks it given). With
 * issued credentials the CA and the client certificate expire together, so this is the client certificate's warning.
 */
@Injectable()
export class MtlsExpiryMonitor {
  private readonly logger = new Logger(MtlsExpiryMonitor.name);

  constructor(
    private readonly cas: TrustedCaRepository,
    private readonly clock: Clock,
  ) {}

  async checkOnce(now: Date = this.clock.now()): Promise<DueExpiryWarning[]> {
    const due: DueExpiryWarning[] = [];
    for (const threshold of THRESHOLDS) due.push(...(await this.cas.markDueWarnings(threshold, now)));
    for (const warning of due) this.log(warning, now);
    return due;
  }

  private log(warning: DueExpiryWarning, now: Date): void {
    const { threshold, brandId, integrationId, fingerprintSha256, subject, notAfter } = warning;
    const context = { brandId, integrationId, fingerprint: fingerprintSha256, subject, notAfter: notAfter.toISOString() };
    if (threshold === 'expired') {
      this.logger.error(context, 'A trusted mTLS CA certificate has expired: certificates from it are refused. Issue new credentials and paste them into CXone');
      return;
    }
    const daysLeft = Math.max(0, Math.ceil((notAfter.getTime() - now.getTime()) / DAY_MS));
    this.logger.warn({ ...context, daysLeft }, `A trusted mTLS CA certificate expires in ${daysLeft} day(s): issue new credentials, paste them into CXone, then remove the old CA`);
  }
}
