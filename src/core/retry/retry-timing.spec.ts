import { equalJitterBackoffMs, parseRetryAfter } from './retry-timing';

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');

  it('reads delay-seconds or an HTTP date, from a header value or the first of several', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 7 ', now)).toBe(7000);
    expect(parseRetryAfter(['0'], now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither, rather than reading "-3" or "2027" as a date', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('2027', now)).toBe(2027000);
    expect(parseRetryAfter('2027-01-01', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('equalJitterBackoffMs', () => {
  it('doubles up to the cap, between half and all of each step', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => equalJitterBackoffMs(r, 100, 1000, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((r) => equalJitterBackoffMs(r, 100, 1000, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(equalJitterBackoffMs(2, 1000, 60000, () => 0.999999)).toBe(3999);
  });
});
