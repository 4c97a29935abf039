import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../core/metrics/metrics.service';

export type LifecycleTransition = 'idle_warning' | 'resumed' | 'closed';
export type LifecycleSweep = 'idle' | 'close' | 'case_sync';

/**
 * The lifecycle's metrics. `lifecycle_transitions_total{transition,reason}` counts warnings (reason `idle`),
 * resumes (reason `end_user_activity`) and closes (by closed reason); thread-activity's resume reaches the same
 * counter through `MetricsService.counter` with the same name.
 */
@Injectable()
export class LifecycleMetrics {
  readonly transitions: Counter<'transition' | 'reason'>;
  readonly sweepDuration: Histogram<'sweep'>;
  readonly deadlineLag: Histogram<'sweep'>;
  readonly caseChecks: Counter<'result'>;

  constructor(metrics: MetricsService) {
    this.transitions = metrics.counter('lifecycle_transitions_total', 'Conversation lifecycle transitions', ['transition', 'reason']);
    this.sweepDuration = metrics.histogram('lifecycle_sweep_duration_seconds', 'Duration of one lifecycle sweep', ['sweep'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
    this.deadlineLag = metrics.histogram('lifecycle_deadline_lag_seconds', 'Time between a deadline and the action it triggered', ['sweep'], [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60]);
    this.caseChecks = metrics.counter('lifecycle_case_checks_total', 'DFO case-status reads by result', ['result']);
  }

  transition(transition: LifecycleTransition, reason: string, count = 1): void {
    if (count > 0) this.transitions.inc({ transition, reason }, count);
  }
}
