import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../core/config/config.module';
import { AppConfig } from '../../core/config/app-config';
import { Clock } from '../../core/clock/clock';
import { OutboxService } from '../../messages/outbox/outbox.service';
import { closeDeliveries } from './lifecycle-deliveries';
import { LifecycleMetrics } from './lifecycle.metrics';
import { DueThread, LifecycleRepository } from './lifecycle.repository';
import { SweepRunner, SweepStep, SweepSummary } from './sweep-runner';

/**
 * `idle_warning` threads whose countdown is over → `closed(idle_timeout)`. In the same transaction: the platform is
 * told (`conversation.closed` with `closedText`) and the DFO case is set to closed, both through the outbox, so a DFO
 * outage delays the close in DFO but cannot lose it.
 */
@Injectable()
export class CloseSweeper implements SweepStep {
  readonly transition = 'closed' as const;
  readonly reason = 'idle_timeout';
  readonly sweep = 'close' as const;
  private readonly runner: SweepRunner;

  constructor(
    dataSource: DataSource,
    clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: LifecycleRepository,
    private readonly outbox: OutboxService,
    metrics: LifecycleMetrics,
  ) {
    this.runner = new SweepRunner(dataSource, clock, metrics, new Logger(CloseSweeper.name), config.lifecycle.sweepBatchSize);
  }

  sweepDue(): Promise<SweepSummary> {
    return this.runner.run(this);
  }

  claim(manager: EntityManager, now: Date, limit: number, skipBrandIds: string[]): Promise<DueThread[]> {
    return this.repository.claimCloseDue(manager, now, limit, skipBrandIds);
  }

  async apply(manager: EntityManager, brandId: string, rows: DueThread[], now: Date): Promise<DueThread[]> {
    const moved = await this.repository.markIdleTimeout(manager, brandId, rows.map((row) => row.id), now);
    const closed = rows.filter((row) => moved.has(row.id));
    await this.outbox.enqueue(manager, closed.flatMap((row) => closeDeliveries(row, 'idle_timeout', row.settings.closedText)));
    await this.repository.insertEvents(
      manager,
      closed.map((row) => ({ threadId: row.id, brandId, type: 'closed', data: { reason: 'idle_timeout', closeDeadlineAt: row.deadlineAt.toISOString() } })),
    );
    return closed;
  }
}
