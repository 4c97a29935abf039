import { equalJitterBackoffMs } from '../../core/retry/retry-timing';
import { DfoClientConfig } from '../dfo-client.config';

/** 429 and 5xx are worth another try; any other 4xx would be refused again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Retries inside one DFO call: the shared equal-jitter backoff. A `Retry-After` from DFO replaces the computed delay;
 * one longer than `retryMaxMs` ends the retries, so the caller (the outbox) schedules the wait instead of holding a
 * worker for it.
 */
export class DfoRetryPolicy {
  constructor(
    private readonly config: Pick<DfoClientConfig, 'maxRetries' | 'retryBaseMs' | 'retryMaxMs'>,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait before retry number `retry` (0 for the first retry), or null when no retry should be made. */
  delayBeforeRetry(retry: number, retryAfterMs: number | undefined): number | null {
    if (retry >= this.config.maxRetries) return null;
    if (retryAfterMs !== undefined) return retryAfterMs <= this.config.retryMaxMs ? retryAfterMs : null;
    return equalJitterBackoffMs(retry, this.config.retryBaseMs, this.config.retryMaxMs, this.random);
  }
}
