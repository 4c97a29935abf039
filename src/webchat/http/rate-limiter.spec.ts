import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst of perMinute, then refuses with the time until the next token', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('s').ok)).toEqual([true, true, true]);
    const refused = limiter.take('s');
    expect(refused).toEqual({ ok: false, retryAfterMs: 20000 });
    now += 20000;
    expect(limiter.take('s').ok).toBe(true);
    expect(limiter.take('s').ok).toBe(false);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter(1, () => 0);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
  });

  it('never refills above the burst size', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    limiter.take('s');
    now += 10 * 60_000;
    expect([1, 2, 3].map(() => limiter.take('s').ok)).toEqual([true, true, false]);
  });

  it('forgets idle keys first when it holds too many', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now, 2);
    limiter.take('idle');
    now += 60_000;
    limiter.take('busy');
    limiter.take('new');
    expect(limiter.size).toBe(2);
  });
});
