import { FixedClock } from '../../core/clock/clock';
import { DfoBrandCredentials } from '../dfo-credentials';
import { DfoError } from '../dfo.errors';
import { DfoTokenCache } from './dfo-token.cache';
import { DfoToken, DfoTokenFetcher } from './dfo-token.fetcher';

/** A fetcher whose answers the spec releases by hand, to hold a refresh in flight. */
class ManualFetcher {
  readonly pending: Array<{ resolve: (t: DfoToken) => void; reject: (e: Error) => void }> = [];
  calls = 0;
  fetch(): Promise<DfoToken> {
    this.calls++;
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  answer(accessToken: string, expiresInSeconds = 3600): void {
    this.pending.shift()!.resolve({ accessToken, expiresInSeconds });
  }
}

const brand: DfoBrandCredentials = { kind: 'brand', brandId: 'b1', cacheKey: 'b1', apiBaseUrl: 'http://dfo', authKind: 'access_key', authUrl: 'http://dfo/auth/token', keyId: 'k', secret: 's' };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('DfoTokenCache', () => {
  let clock: FixedClock;
  let fetcher: ManualFetcher;
  let cache: DfoTokenCache;

  beforeEach(() => {
    clock = new FixedClock();
    fetcher = new ManualFetcher();
    cache = new DfoTokenCache(fetcher as unknown as DfoTokenFetcher, clock, { tokenRefreshSkewSeconds: 60 });
  });

  it('shares one in-flight fetch between concurrent callers', async () => {
    const waiting = Array.from({ length: 50 }, () => cache.get(brand));
    await tick();
    expect(fetcher.calls).toBe(1);
    fetcher.answer('t1');
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['t1']));
  });

  it('rejects all waiters of a failed fetch and caches nothing', async () => {
    const waiting = Array.from({ length: 5 }, () => cache.get(brand));
    await tick();
    fetcher.pending.shift()!.reject(new DfoError('RETRYABLE', 'down'));
    const results = await Promise.allSettled(waiting);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const next = cache.get(brand);
    await tick();
    expect(fetcher.calls).toBe(2);
    fetcher.answer('t2');
    expect(await next).toBe('t2');
  });

  it('refreshes a short-lived token at half its life when the skew is longer than that', async () => {
    const first = cache.get(brand);
    await tick();
    fetcher.answer('t1', 30);
    await first;
    clock.advance(14_000);
    expect(await cache.get(brand)).toBe('t1');
    clock.advance(2_000);
    const second = cache.get(brand);
    await tick();
    fetcher.answer('t2', 30);
    expect(await second).toBe('t2');
  });

  it('invalidates only the token that was refused, not a newer one', async () => {
    const first = cache.get(brand);
    await tick();
    fetcher.answer('t1');
    await first;
    cache.invalidate(brand, 't1');
    const second = cache.get(brand);
    await tick();
    fetcher.answer('t2');
    expect(await second).toBe('t2');
    cache.invalidate(brand, 't1');
    expect(await cache.get(brand)).toBe('t2');
    expect(fetcher.calls).toBe(2);
  });

  it('forgets every token of a brand, and only of that brand', async () => {
    const rotated = { ...brand, cacheKey: 'b1:new' };
    const other = { ...brand, brandId: 'b2', cacheKey: 'b2' };
    for (const [credentials, token] of [[brand, 't1'], [rotated, 't1-new'], [other, 'u1']] as const) {
      const got = cache.get(credentials);
      await tick();
      fetcher.answer(token);
      await got;
    }
    cache.forgetBrand('b1');
    expect(await cache.get(other)).toBe('u1');
    const again = cache.get(brand);
    await tick();
    expect(fetcher.calls).toBe(4);
    fetcher.answer('t2');
    expect(await again).toBe('t2');
  });

  it('does not cache what a fetch started before the brand was forgotten brings back', async () => {
    const stale = cache.get(brand);
    await tick();
    cache.forgetBrand('b1');
    const fresh = cache.get(brand);
    await tick();
    expect(fetcher.calls).toBe(2);
    fetcher.answer('old');
    fetcher.answer('new');
    expect(await stale).toBe('old');
    expect(await fresh).toBe('new');
    expect(await cache.get(brand)).toBe('new');
    expect(fetcher.calls).toBe(2);
  });
});
