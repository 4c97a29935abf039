import { FixedClock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { BrandRateLimiter } from './brand-rate-limiter';

function limiter(rps: number, clock: FixedClock): BrandRateLimiter {
  return new BrandRateLimiter(clock, { lifecycle: { caseSyncBrandRps: rps } } as AppConfig);
}

describe('BrandRateLimiter', () => {
  it('gives each brand its own second of budget and refills it over time', () => {
    const clock = new FixedClock();
    const l = limiter(3, clock);
    expect([l.tryTake('a'), l.tryTake('a'), l.tryTake('a'), l.tryTake('a')]).toEqual([true, true, true, false]);
    expect(l.tryTake('b')).toBe(true);
    clock.advance(334);
    expect(l.available('a')).toBe(1);
    clock.advance(10_000);
    expect(l.available('a')).toBe(3);
  });

  it('pauses a brand, then restarts it from an empty bucket', () => {
    const clock = new FixedClock();
    const l = limiter(10, clock);
    l.pause('a', 5_000);
    clock.advance(4_999);
    expect(l.available('a')).toBe(0);
    expect(l.tryTake('a')).toBe(false);
    clock.advance(1);
    expect(l.available('a')).toBe(0);
    clock.advance(200);
    expect(l.available('a')).toBe(2);
    expect(l.available('b')).toBe(10);
  });
});
