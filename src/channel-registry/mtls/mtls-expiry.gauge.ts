import { Injectable, Logger } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { MetricsService } from '../../core/metrics/metrics.service';
import { TrustedCaRepository } from './trusted-ca.repository';

/**
 * `mtls_certificate_expiry_timestamp_seconds{integration,fingerprint}`: when each trusted CA certificate expires.
 * Read from the database at every scrape, so every instance shows the same list however it was changed (a scrape is
 * one small query). Alert on `... - time() < 30 * 86400`.
 */
@Injectable()
export class MtlsExpiryGauge {
  private readonly logger = new Logger(MtlsExpiryGauge.name);

  constructor(metrics: MetricsService, private readonly cas: TrustedCaRepository) {
    metrics.gauge('mtls_certificate_expiry_timestamp_seconds', 'When a trusted mTLS CA certificate expires (unix seconds)', ['integration', 'fingerprint'], (gauge) => this.collect(gauge));
  }

  private async collect(gauge: Gauge<'integration' | 'fingerprint'>): Promise<void> {
    try {
      const expiries = await this.cas.allExpiries();
      gauge.reset();
      for (const ca of expiries) gauge.set({ integration: ca.integrationId, fingerprint: ca.fingerprintSha256 }, Math.floor(ca.notAfter.getTime() / 1000));
    } catch (err) {
      // The rest of /metrics is still worth serving; the last values stay until the database answers again.
      this.logger.warn({ err }, 'Could not read trusted CA expiries for /metrics');
    }
  }
}
