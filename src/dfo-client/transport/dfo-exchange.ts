import { Injectable, Logger } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { Clock } from '../../core/clock/clock';
import { DfoMetrics } from '../dfo-metrics';
import { DfoHttpRequest, DfoHttpTransport, DfoTransportError, DfoTransportFailureKind } from './dfo-http.transport';
import { parseRetryAfter } from '../../core/retry/retry-timing';
import { DfoRetryPolicy, isRetryableStatus } from './retry-policy';
import { Sleeper } from './sleeper';

/** The last answer after retries: an HTTP response (any status) or the reason none came. */
export type DfoExchangeResult =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: string; retryAfterMs?: number; attempts: number }
  | { kind: 'failure'; failure: DfoTransportFailureKind; reason: string; attempts: number };

/**
 * Sends one request to DFO and retries it on 429, 5xx, timeouts and network errors with the retry policy's
 * backoff, honouring `Retry-After`. Other statuses come back at once. Deciding what a final status means is the
 * caller's job, so token fetches and API calls share this loop.
 */
@Injectable()
export class DfoExchange {
  private readonly logger = new Logger('DfoClient');

  constructor(
    private readonly transport: DfoHttpTransport,
    private readonly policy: DfoRetryPolicy,
    private readonly sleeper: Sleeper,
    private readonly clock: Clock,
    private readonly metrics: DfoMetrics,
  ) {}

  /**
   * `repeatable: false` is for a request that must not run twice (creating a message): it is sent again only after
   * a 429 or a 503, which say DFO did not act on it. A timeout, a lost connection or another 5xx (a gateway may have
   * passed it on) leave the outcome unknown, and the caller (the outbox) decides what to do, after asking DFO.
   */
  async send(operation: string, request: DfoHttpRequest, repeatable = true): Promise<DfoExchangeResult> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(operation, request, attempt);
      if (!(repeatable ? shouldRetry(result) : notActedOn(result))) return result;
      const retryAfterMs = result.kind === 'response' ? result.retryAfterMs : undefined;
      const delay = this.policy.delayBeforeRetry(attempt - 1, retryAfterMs);
      if (delay === null) return result;
      const reason = result.kind === 'response' ? String(result.status) : result.failure;
      this.metrics.retry(operation, reason);
      this.logger.warn({ operation, attempt, reason, delayMs: delay }, 'DFO call failed, retrying');
      await this.sleeper.sleep(delay);
    }
  }

  private async attempt(operation: string, request: DfoHttpRequest, attempt: number): Promise<DfoExchangeResult> {
    const started = performance.now();
    try {
      const res = await this.transport.send(request);
      const durationMs = Math.round(performance.now() - started);
      this.logger.debug({ operation, status: res.status, durationMs, attempt }, 'DFO call answered');
      const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.clock.now());
      return { kind: 'response', status: res.status, headers: res.headers, body: res.body, retryAfterMs, attempts: attempt };
    } catch (err) {
      if (!(err instanceof DfoTransportError)) throw err;
      const durationMs = Math.round(performance.now() - started);
      this.logger.debug({ operation, failure: err.kind, durationMs, attempt }, 'DFO call got no answer');
      return { kind: 'failure', failure: err.kind, reason: err.message, attempts: attempt };
    }
  }
}

/** DFO answered that it did not act on the request: rate limited, or unavailable. */
function notActedOn(result: DfoExchangeResult): boolean {
  return result.kind === 'response' && (result.status === 429 || result.status === 503);
}

function shouldRetry(result: DfoExchangeResult): boolean {
  return result.kind === 'response' ? isRetryableStatus(result.status) : result.failure !== 'too_large' && result.failure !== 'refused';
}
