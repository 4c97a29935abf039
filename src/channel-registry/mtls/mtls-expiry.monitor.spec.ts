import { FixedClock } from '../../core/clock/clock';
import { MtlsExpiryMonitor } from './mtls-expiry.monitor';
import { DueExpiryWarning, ExpiryThreshold, TrustedCaRepository } from './trusted-ca.repository';

const DAY = 86_400_000;
const BEFORE: Record<ExpiryThreshold, number> = { '30d': 30 * DAY, '7d': 7 * DAY, expired: 0 };
const COVERS: Record<ExpiryThreshold, ExpiryThreshold[]> = { '30d': ['30d'], '7d': ['7d', '30d'], expired: ['expired', '7d', '30d'] };

/** The repository's marking rule, in memory: each threshold once per certificate; a more urgent one covers the others. */
class InMemoryCas {
  readonly rows: Array<{ fingerprint: string; notAfter: Date; warned: Set<ExpiryThreshold> }> = [];

  add(fingerprint: string, notAfter: Date): void {
    this.rows.push({ fingerprint, notAfter, warned: new Set() });
  }

  async markDueWarnings(threshold: ExpiryThreshold, now: Date): Promise<DueExpiryWarning[]> {
    const due = this.rows.filter((r) => !r.warned.has(threshold) && r.notAfter.getTime() <= now.getTime() + BEFORE[threshold]);
    for (const row of due) COVERS[threshold].forEach((t) => row.warned.add(t));
    return due.map((r) => ({ threshold, brandId: 'b', integrationId: 'i', fingerprintSha256: r.fingerprint, subject: 'CN=CA', notAfter: r.notAfter }));
  }
}

describe('MtlsExpiryMonitor (the daily check)', () => {
  const start = new Date('2026-01-01T09:00:00Z');
  let clock: FixedClock;
  let cas: InMemoryCas;
  let monitor: MtlsExpiryMonitor;
  let warnings: string[];

  beforeEach(() => {
    clock = new FixedClock(start);
    cas = new InMemoryCas();
    monitor = new MtlsExpiryMonitor(cas as unknown as TrustedCaRepository, clock);
    warnings = [];
    const logger = (monitor as unknown as { logger: { warn: unknown; error: unknown } }).logger;
    logger.warn = (context: { fingerprint: string; daysLeft: number }) => warnings.push(`${clock.now().toISOString().slice(0, 10)} ${context.fingerprint} warn ${context.daysLeft}d`);
    logger.error = (context: { fingerprint: string }) => warnings.push(`${clock.now().toISOString().slice(0, 10)} ${context.fingerprint} expired`);
  });

  async function everyDayFor(days: number): Promise<void> {
    for (let day = 0; day < days; day++) {
      await monitor.checkOnce();
      clock.advance(DAY);
    }
  }

  it('warns 30 days and 7 days before a trusted certificate expires, then once when it has, and never twice', async () => {
    cas.add('aa', new Date('2026-02-15T12:00:00Z'));
    await everyDayFor(60);
    // Checked at 09:00, the certificate expires at 12:00: the first check within 30 days is on the 17th.
    expect(warnings).toEqual(['2026-01-17 aa warn 30d', '2026-02-09 aa warn 7d', '2026-02-16 aa expired']);
  });

  it('gives a certificate found already within 7 days one warning, not the 30-day one too', async () => {
    cas.add('bb', new Date(start.getTime() + 5 * DAY));
    cas.add('cc', new Date(start.getTime() + 400 * DAY));
    await everyDayFor(3);
    expect(warnings).toEqual(['2026-01-01 bb warn 5d']);
  });

  it('reads the time from the clock unless told', async () => {
    cas.add('dd', new Date(start.getTime() + 20 * DAY));
    expect(await monitor.checkOnce(new Date(start.getTime() - 365 * DAY))).toEqual([]);
    expect((await monitor.checkOnce()).map((w) => w.threshold)).toEqual(['30d']);
  });
});
