import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../core/metrics/metrics.service';
import { DfoErrorKind } from './dfo.errors';

/** `success`, or the lower-cased `DfoError` kind a call ended with. */
export type DfoOutcome = 'success' | Lowercase<DfoErrorKind>;

/**
 * The DFO client's Prometheus metrics. A "request" is one client call as its caller sees it (token fetch, retries
 * and the 401 refresh included); the individual retries are counted apart, by the status or failure that caused them.
 */
@Injectable()
export class DfoMetrics {
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation'>;
  private readonly tokenRequests: Counter<'outcome'>;
  private readonly retries: Counter<'operation' | 'reason'>;

  constructor(metrics: MetricsService) {
    this.requests = metrics.counter('dfo_requests_total', 'DFO client calls by operation and outcome', ['operation', 'outcome']);
    this.duration = metrics.histogram('dfo_request_duration_seconds', 'DFO client call duration, retries included', ['operation'], [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
    this.tokenRequests = metrics.counter('dfo_token_requests_total', 'DFO token fetches by outcome', ['outcome']);
    this.retries = metrics.counter('dfo_retries_total', 'DFO request retries by operation and cause (status or failure)', ['operation', 'reason']);
  }

  request(operation: string, outcome: DfoOutcome, seconds: number): void {
    this.requests.inc({ operation, outcome });
    this.duration.observe({ operation }, seconds);
  }

  tokenRequest(outcome: DfoOutcome): void {
    this.tokenRequests.inc({ outcome });
  }

  retry(operation: string, reason: string): void {
    this.retries.inc({ operation, reason });
  }
}

export function outcomeOf(kind: DfoErrorKind): DfoOutcome {
  return kind.toLowerCase() as DfoOutcome;
}
