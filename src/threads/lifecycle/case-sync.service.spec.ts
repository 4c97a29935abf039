import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { DEFAULT_CHANNEL_SETTINGS } from '../../core/domain/channel-settings';
import { FixedClock } from '../../core/clock/clock';
import { BrandRateLimiter } from './brand-rate-limiter';
import { CaseCheck, CaseSyncRepository } from './case-sync.repository';
import { CaseStatusService } from './case-status.service';
import { CaseSyncService } from './case-sync.service';
import { lifecycleConfig, lifecycleMetrics } from './lifecycle.test-fakes';

const now = new Date('2026-03-01T12:00:00.000Z');

function checks(brandId: string, n: number): CaseCheck[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${brandId}-t${i}`,
    brandId,
    channelId: 'c',
    idOnExternalPlatform: `p${i}`,
    dfoContactId: `${i + 1}`,
    dfoCaseStatus: 'open',
    previousCheckedAt: null,
    settings: { ...DEFAULT_CHANNEL_SETTINGS },
  }));
}

function setup(options: { rps: number; batch: number; brands: string[] }) {
  const clock = new FixedClock(now);
  const config = lifecycleConfig({ caseSyncBrandRps: options.rps, caseSyncBatchSize: options.batch, caseSyncIntervalMs: 5000 });
  const limiter = new BrandRateLimiter(clock, config);
  const claims = {
    brandIds: jest.fn(async () => options.brands),
    claimOldest: jest.fn(async (brandId: string, _now: Date, _before: Date, limit: number) => checks(brandId, limit)),
    release: jest.fn(),
  };
  const cases = {
    check: jest.fn(async (_check: CaseCheck, credentials: () => Promise<unknown>): Promise<string> => {
      await credentials();
      return 'ok';
    }),
  };
  const channels = { credentialsForBrand: jest.fn(async () => ({ kind: 'brand' })) };
  const service = new CaseSyncService(
    clock,
    config,
    claims as unknown as CaseSyncRepository,
    cases as unknown as CaseStatusService,
    limiter,
    channels as unknown as ChannelDirectory,
    lifecycleMetrics(),
  );
  return { clock, limiter, claims, cases, channels, service };
}

describe('CaseSyncService', () => {
  it("claims per brand no more than the brand's budget, oldest check first, skipping threads checked within the interval", async () => {
    const s = setup({ rps: 3, batch: 100, brands: ['a', 'b'] });

    const summary = await s.service.syncOnce();

    expect(s.claims.claimOldest).toHaveBeenCalledWith('a', now, new Date(now.getTime() - 5000), 3);
    expect(s.claims.claimOldest).toHaveBeenCalledWith('b', now, new Date(now.getTime() - 5000), 3);
    expect(summary).toMatchObject({ claimed: 6, outcomes: { ok: 6 } });
    expect(s.limiter.available('a')).toBe(0);
    // Credentials are opened once per brand and round, not once per thread.
    expect(s.channels.credentialsForBrand).toHaveBeenCalledTimes(2);
  });

  it('shares the batch between brands, starting from another brand each round', async () => {
    const s = setup({ rps: 50, batch: 4, brands: ['a', 'b', 'c'] });
    await s.service.syncOnce();
    expect(s.claims.claimOldest.mock.calls.map((c) => [c[0], c[3]])).toEqual([['a', 4]]);
    s.claims.claimOldest.mockClear();
    s.clock.advance(5000);
    await s.service.syncOnce();
    expect(s.claims.claimOldest.mock.calls.map((c) => [c[0], c[3]])).toEqual([['b', 4]]);
  });

  it('skips a brand with no budget left', async () => {
    const s = setup({ rps: 2, batch: 100, brands: ['a', 'b'] });
    s.limiter.pause('a', 60_000);
    await s.service.syncOnce();
    expect(s.claims.claimOldest.mock.calls.map((c) => c[0])).toEqual(['b']);
  });

  it("gives the rest of a brand's claims back when its DFO says back off", async () => {
    const s = setup({ rps: 5, batch: 100, brands: ['a'] });
    s.cases.check.mockResolvedValueOnce('ok').mockResolvedValueOnce('backoff');

    const summary = await s.service.syncOnce();

    expect(s.cases.check).toHaveBeenCalledTimes(2);
    const [brandId, released, claimedAt] = s.claims.release.mock.calls[0] as unknown as [string, CaseCheck[], Date];
    expect([brandId, released.map((c) => c.id), claimedAt]).toEqual(['a', ['a-t1', 'a-t2', 'a-t3', 'a-t4'], now]);
    expect(summary.outcomes).toEqual({ ok: 1, released: 4 });
  });

  it("keeps going for other brands when one brand's checks fail", async () => {
    const s = setup({ rps: 1, batch: 100, brands: ['a', 'b'] });
    s.channels.credentialsForBrand.mockRejectedValueOnce(new Error('brand gone'));

    const summary = await s.service.syncOnce();

    expect(summary.failedBrands).toEqual(['a']);
    expect(summary.outcomes).toEqual({ ok: 1 });
  });
});
