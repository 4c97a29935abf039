import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG } from '../../core/config/config.module';
import { AppConfig } from '../../core/config/app-config';
import { CaseSyncService } from './case-sync.service';
import { CloseSweeper } from './close-sweeper';
import { IdleSweeper } from './idle-sweeper';

/**
 * The lifecycle's timers, and nothing else: each tick calls one service method. The intervals come from config, so
 * they are registered with `SchedulerRegistry` at boot rather than with `@Interval(ms)`. A tick is skipped while the
 * previous run of the same job is still going. Shutdown stops the case sync after its DFO call in progress and waits
 * for running jobs before the pool closes, but at most `SHUTDOWN_WAIT_MS`: a DFO call with all its retries can take
 * far longer, and a stopped instance must not hold up a deploy (its unfinished claims simply expire).
 */
const SHUTDOWN_WAIT_MS = 3000;

@Injectable()
export class LifecycleScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LifecycleScheduler.name);
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly names: string[] = [];

  constructor(
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idle: IdleSweeper,
    private readonly close: CloseSweeper,
    private readonly caseSync: CaseSyncService,
  ) {}

  onApplicationBootstrap(): void {
    const { tickMs, caseSyncIntervalMs } = this.config.lifecycle;
    this.every('lifecycle.idle', tickMs, () => this.idle.sweepDue());
    this.every('lifecycle.close', tickMs, () => this.close.sweepDue());
    this.every('lifecycle.case-sync', caseSyncIntervalMs, () => this.caseSync.syncOnce());
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const name of this.names.splice(0)) {
      if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    }
    this.caseSync.stop();
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS).unref()));
    await Promise.race([Promise.allSettled(this.running.values()), bounded]);
    clearTimeout(timer);
  }

  private every(name: string, ms: number, job: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      if (this.running.has(name)) return;
      const run = job()
        .catch((err: unknown) => this.logger.error({ err, job: name }, 'Lifecycle job failed'))
        .finally(() => this.running.delete(name));
      this.running.set(name, run);
    }, ms);
    timer.unref();
    this.registry.addInterval(name, timer);
    this.names.push(name);
  }
}
