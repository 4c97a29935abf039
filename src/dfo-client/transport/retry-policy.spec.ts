import { DfoRetryPolicy, isRetryableStatus } from './retry-policy';

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });

  it('doubles the backoff up to retryMaxMs, with half of it random', () => {
    const config = { maxRetries: 10, retryBaseMs: 100, retryMaxMs: 1000 };
    const low = new DfoRetryPolicy(config, () => 0);
    const high = new DfoRetryPolicy(config, () => 1);
    expect([0, 1, 2, 3, 4, 5].map((r) => low.delayBeforeRetry(r, undefined))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((r) => high.delayBeforeRetry(r, undefined))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('uses Retry-After as the delay, and stops when it exceeds retryMaxMs or retries run out', () => {
    const policy = new DfoRetryPolicy({ maxRetries: 2, retryBaseMs: 100, retryMaxMs: 5000 }, () => 0.5);
    expect(policy.delayBeforeRetry(0, 4000)).toBe(4000);
    expect(policy.delayBeforeRetry(0, 5001)).toBeNull();
    expect(policy.delayBeforeRetry(2, undefined)).toBeNull();
    expect(new DfoRetryPolicy({ maxRetries: 0, retryBaseMs: 100, retryMaxMs: 5000 }).delayBeforeRetry(0, undefined)).toBeNull();
  });
});
