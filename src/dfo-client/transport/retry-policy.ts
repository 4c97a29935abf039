import { DfoClientConfig } from '../dfo-client.config';

/** 429 and 5xx are worth another try; any other 4xx would be refused again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from `now`. Unparseable values
 * are ignored rather than trusted; a date in the past means "now".
 */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // All three HTTP date formats start with a day name; Date.parse alone would read "-3" as a year.
  if (!/^[A-Za-z]{3}/.test(raw)) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random) so that many workers hit by the same outage do
 * not come back in lockstep. A `Retry-After` from DFO replaces the computed delay; one longer than `retryMaxMs`
 * ends the retries, so the caller (the outbox) schedules the wait instead of holding a worker for it.
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
    const ceiling = Math.min(this.config.retryMaxMs, this.config.retryBaseMs * 2 ** retry);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
