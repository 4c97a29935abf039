import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../core/config/config.module';
import { AppConfig } from '../../core/config/app-config';
import { Clock } from '../../core/clock/clock';
import { OutboxService } from '../../messages/outbox/outbox.service';
import { platformEventDelivery } from './lifecycle-deliveries';
import { LifecycleMetrics } from './lifecycle.metrics';
import { DueThread, LifecycleRepository } from './lifecycle.repository';
import { SweepRunner, SweepStep, SweepSummary } from './sweep-runner';

/**
 * `open` threads whose idle deadline has passed → `idle_warning`, with the close countdown starting now. The end user
 * sees the channel's `idleWarningText` through the `platform.event` delivery, written in the same transaction.
 */
@Injectable()
export class IdleSweeper implements SweepStep {
  readonly transition = 'idle_warning' as const;
  readonly reason = 'idle';
  readonly sweep = 'idle' as const;
  private readonly runner: SweepRunner;

  constructor(
    dataSource: DataSource,
    clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: LifecycleRepository,
    private readonly outbox: OutboxService,
    metrics: LifecycleMetrics,
  ) {
    this.runner = new SweepRunner(dataSource, clock, metrics, new Logger(IdleSweeper.name), config.lifecycle.sweepBatchSize);
  }

  sweepDue(): Promise<SweepSummary> {
    return this.runner.run(this);
  }

  claim(manager: EntityManager, now: Date, limit: number, skipBrandIds: string[]): Promise<DueThread[]> {
    return this.repository.claimIdleDue(manager, now, limit, skipBrandIds);
  }

  async apply(manager: EntityManager, brandId: string, rows: DueThread[], now: Date): Promise<DueThread[]> {
    const closesAt = (row: DueThread) => new Date(now.getTime() + row.settings.closeCountdownSeconds * 1000);
    const moved = await this.repository.markIdleWarning(manager, brandId, rows.map((row) => ({ id: row.id, closesAt: closesAt(row) })), now);
    const warned = rows.filter((row) => moved.has(row.id));
    await this.outbox.enqueue(
      manager,
      warned.map((row) =>
        platformEventDelivery(row, { type: 'conversation.idle_warning', threadId: row.idOnExternalPlatform, text: row.settings.idleWarningText, closesAt: closesAt(row) }),
      ),
    );
    await this.repository.insertEvents(
      manager,
      warned.map((row) => ({
        threadId: row.id,
        brandId,
        type: 'idle_warning',
        data: { idleDeadlineAt: row.deadlineAt.toISOString(), closesAt: closesAt(row).toISOString() },
      })),
    );
    return warned;
  }
}
