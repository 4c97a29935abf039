import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { DueThread } from './lifecycle.repository';
import { LifecycleMetrics, LifecycleSweep, LifecycleTransition } from './lifecycle.metrics';

export interface SweepSummary {
  claimed: number;
  transitioned: number;
  batches: number;
  failedBrands: string[];
}

/** One kind of deadline sweep: how to claim due rows, and how to act on one brand's share of them. */
export interface SweepStep {
  readonly sweep: LifecycleSweep;
  /** What the sweep's moves count as in `lifecycle_transitions_total`. */
  readonly transition: LifecycleTransition;
  readonly reason: string;
  claim(manager: EntityManager, now: Date, limit: number, skipBrandIds: string[]): Promise<DueThread[]>;
  /** Carries out the transition for one brand's rows; returns the rows that actually moved. */
  apply(manager: EntityManager, brandId: string, rows: DueThread[], now: Date): Promise<DueThread[]>;
}

/**
 * Runs a deadline sweep: batches of due rows are claimed with `SKIP LOCKED` in one transaction each and acted on per
 * brand inside a savepoint, so one brand's failure rolls back only its own rows (which stay due and are skipped for
 * the rest of the tick) and never another brand's. It keeps claiming while batches come back full, up to
 * `maxBatches`, so a backlog drains within a tick or two. Logs one summary line.
 */
export class SweepRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly metrics: LifecycleMetrics,
    private readonly logger: Logger,
    private readonly batchSize: number,
    private readonly maxBatches = 10,
  ) {}

  async run(step: SweepStep): Promise<SweepSummary> {
    const stopTimer = this.metrics.sweepDuration.startTimer({ sweep: step.sweep });
    const summary: SweepSummary = { claimed: 0, transitioned: 0, batches: 0, failedBrands: [] };
    try {
      for (let full = true; full && summary.batches < this.maxBatches; summary.batches++) {
        const now = this.clock.now();
        const batch = await this.dataSource.transaction((manager) => this.batch(step, manager, now, summary));
        // Counted once the transaction has committed, so a rolled-back batch is not counted.
        summary.claimed += batch.claimed;
        summary.transitioned += batch.moved.length;
        this.metrics.transition(step.transition, step.reason, batch.moved.length);
        for (const row of batch.moved) this.metrics.deadlineLag.observe({ sweep: step.sweep }, Math.max(0, now.getTime() - row.deadlineAt.getTime()) / 1000);
        full = batch.claimed === this.batchSize;
      }
    } finally {
      stopTimer();
    }
    if (summary.claimed > 0 || summary.failedBrands.length > 0) {
      const log = { sweep: step.sweep, claimed: summary.claimed, transitioned: summary.transitioned, batches: summary.batches, failedBrands: summary.failedBrands };
      if (summary.failedBrands.length > 0) this.logger.warn(log, `${step.sweep} sweep finished with failed brands`);
      else this.logger.log(log, `${step.sweep} sweep`);
    }
    return summary;
  }

  private async batch(step: SweepStep, manager: EntityManager, now: Date, summary: SweepSummary): Promise<{ claimed: number; moved: DueThread[] }> {
    const rows = await step.claim(manager, now, this.batchSize, summary.failedBrands);
    const moved: DueThread[] = [];
    for (const [brandId, brandRows] of groupByBrand(rows)) {
      await manager.query('SAVEPOINT lifecycle_brand');
      try {
        moved.push(...(await step.apply(manager, brandId, brandRows, now)));
        await manager.query('RELEASE SAVEPOINT lifecycle_brand');
      } catch (err) {
        await manager.query('ROLLBACK TO SAVEPOINT lifecycle_brand');
        summary.failedBrands.push(brandId);
        this.logger.error({ err, brandId, sweep: step.sweep, threads: brandRows.length }, `${step.sweep} sweep failed for a brand`);
      }
    }
    return { claimed: rows.length, moved };
  }
}

function groupByBrand(rows: DueThread[]): Map<string, DueThread[]> {
  const groups = new Map<string, DueThread[]>();
  for (const row of rows) {
    const group = groups.get(row.brandId);
    if (group) group.push(row);
    else groups.set(row.brandId, [row]);
  }
  return groups;
}
