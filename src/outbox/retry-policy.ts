import { DomainError } from '../core/errors/domain-error';
import { equalJitterBackoffMs } from '../core/retry/retry-timing';

export interface BackoffSettings {
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/**
 * Delay before attempt `attempts + 1`: the shared equal-jitter backoff over the attempts made so far. A
 * `retryAfterMs` from the other side is a floor, never shortened; everything is capped at `backoffMaxMs`.
 */
export function backoffDelayMs(attempts: number, settings: BackoffSettings, retryAfterMs?: number, random: () => number = Math.random): number {
  const jittered = equalJitterBackoffMs(attempts - 1, settings.backoffBaseMs, settings.backoffMaxMs, random);
  return Math.min(settings.backoffMaxMs, Math.max(retryAfterMs ?? 0, jittered));
}

export interface FailureVerdict {
  retryable: boolean;
  retryAfterMs?: number;
  /** Recorded as `last_error`: the error code and message, never a payload. */
  reason: string;
}

interface RetryAware {
  retryable: boolean;
  retryAfterMs?: number;
  extra?: { retryAfterMs?: number };
}

/**
 * What to do with a failed delivery. `DfoError` and `PlatformAdapterError` say themselves whether a retry can help;
 * any other `DomainError` was raised on purpose by a handler and is final; anything else (a dropped database
 * connection, a socket error) is assumed transient.
 */
export function classifyFailure(err: unknown): FailureVerdict {
  if (err instanceof DomainError) {
    const aware = err as DomainError & Partial<RetryAware>;
    const reason = `${err.code}: ${err.message}`.slice(0, 1000);
    if (typeof aware.retryable !== 'boolean') return { retryable: false, reason };
    const retryAfterMs = aware.retryAfterMs ?? aware.extra?.retryAfterMs;
    return { retryable: aware.retryable, reason, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { retryable: true, reason: message.slice(0, 1000) };
}
