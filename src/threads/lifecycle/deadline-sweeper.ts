import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../core/config/config.module';
import { AppConfig } from '../../core/config/app-config';
import { Clock } from '../../core/clock/clock';
import { OutboxService } from '../../outbox/outbox.service';
import { LifecycleMetrics, LifecycleSweep, LifecycleTransition } from './lifecycle.metrics';
import { ThreadRepository } from '../thread.repository';
import { DueThread, LifecycleRepository } from './lifecycle.repository';
import { SweepRunner, SweepStep, SweepSummary } from './sweep-runner';

/**
 * A deadline sweep (idle warning, close countdown): the shared wiring around `SweepRunner`. Subclasses say which
 * due rows they claim and what the transition writes; the runner does the batching, savepoints and summary.
 */
@Injectable()
export abstract class DeadlineSweeper implements SweepStep {
  abstract readonly sweep: LifecycleSweep;
  abstract readonly transition: LifecycleTransition;
  abstract readonly reason: string;
  private readonly runner: SweepRunner;

  constructor(
    dataSource: DataSource,
    clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    protected readonly claims: LifecycleRepository,
    protected readonly threads: ThreadRepository,
    protected readonly outbox: OutboxService,
    metrics: LifecycleMetrics,
  ) {
    this.runner = new SweepRunner(dataSource, clock, metrics, new Logger(new.target.name), config.lifecycle.sweepBatchSize);
  }

  sweepDue(): Promise<SweepSummary> {
    return this.runner.run(this);
  }

  abstract claim(manager: EntityManager, now: Date, limit: number, skipBrandIds: string[]): Promise<DueThread[]>;
  abstract apply(manager: EntityManager, brandId: string, rows: DueThread[], now: Date): Promise<DueThread[]>;
}
