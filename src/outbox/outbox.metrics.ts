import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '../core/metrics/metrics.service';
import { DeliveryEntity } from './delivery.entity';

/** `done`, `skipped` (dropped as stale), `retry` (rescheduled) or `dead`. */
export type DeliveryOutcome = 'done' | 'skipped' | 'retry' | 'dead';

/**
 * - `outbox_deliveries_total{kind,outcome}`: every finished attempt.
 * - `outbox_delivery_attempts{kind,outcome}`: attempts a delivery took, observed when it is done or dead.
 * - `outbox_delivery_age_seconds{kind,outcome}`: from enqueue to done or dead (includes the retries' waits).
 * - `outbox_in_flight`: deliveries this instance is running now.
 */
@Injectable()
export class OutboxMetrics {
  private readonly outcomes: Counter<'kind' | 'outcome'>;
  private readonly attempts: Histogram<'kind' | 'outcome'>;
  private readonly age: Histogram<'kind' | 'outcome'>;
  readonly inFlight: Gauge;

  constructor(metrics: MetricsService) {
    this.outcomes = metrics.counter('outbox_deliveries_total', 'Outbox delivery attempts by kind and outcome', ['kind', 'outcome']);
    this.attempts = metrics.histogram('outbox_delivery_attempts', 'Attempts a delivery took, when done or dead', ['kind', 'outcome'], [1, 2, 3, 4, 5, 7, 10, 15, 20]);
    this.age = metrics.histogram('outbox_delivery_age_seconds', 'Seconds from enqueue to done or dead', ['kind', 'outcome'], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 1800]);
    this.inFlight = metrics.gauge('outbox_in_flight', 'Deliveries being handled by this instance');
  }

  record(delivery: DeliveryEntity, outcome: DeliveryOutcome, now: Date): void {
    const labels = { kind: delivery.kind, outcome };
    this.outcomes.inc(labels);
    if (outcome === 'retry') return;
    this.attempts.observe(labels, delivery.attempts);
    this.age.observe(labels, Math.max(0, now.getTime() - delivery.createdAt.getTime()) / 1000);
  }
}
