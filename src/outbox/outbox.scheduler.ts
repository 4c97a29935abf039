import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { EventBus } from '../core/events/event-bus';
import { DeliveryHandlerRegistry } from './delivery-handler.registry';
import { OutboxWake } from './outbox-wake';
import { OutboxWorker } from './outbox.worker';
import { OUTBOX_WAKE_TOPIC } from './outbox.types';

const SWEEP = 'outbox-sweep';
/** How often the backstop for held deliveries that lost their head runs (it reads every held row). */
const ORPHAN_SWEEP_MS = 10_000;

/**
 * Starts the workers once the app is up, after checking that every declared delivery kind has its handler (the
 * modules registered theirs in `onModuleInit`, which has run for all of them by now): LISTEN/NOTIFY (or the
 * in-process bus) wakes them when another instance
 * enqueued, and an interval sweep (`OUTBOX_SWEEP_INTERVAL_MS`, registered with @nestjs/schedule because its period
 * comes from config) is the backstop. On shutdown it stops claiming, lets in-flight deliveries finish (for at most
 * `OUTBOX_SHUTDOWN_GRACE_MS`, then hands the rest back), and wakes the other instances for whatever is left.
 */
@Injectable()
export class OutboxScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxScheduler.name);
  private unsubscribe: (() => Promise<void>) | null = null;
  private orphansCheckedAt = 0;

  constructor(
    private readonly worker: OutboxWorker,
    private readonly handlers: DeliveryHandlerRegistry,
    private readonly wake: OutboxWake,
    private readonly bus: EventBus,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handlers.assertComplete();
    this.unsubscribe = await this.bus.subscribe(OUTBOX_WAKE_TOPIC, (from) => {
      if (from !== this.wake.instanceId) this.worker.wake();
    });
    this.scheduler.addInterval(SWEEP, setInterval(() => this.sweep(), this.config.outbox.sweepIntervalMs));
    this.sweep();
  }

  /** The interval's only job. */
  sweep(): void {
    this.worker.sweep().catch((err: unknown) => this.logger.error({ err }, 'Outbox sweep failed'));
    if (Date.now() - this.orphansCheckedAt < ORPHAN_SWEEP_MS) return;
    this.orphansCheckedAt = Date.now();
    this.worker.promoteOrphans().catch((err: unknown) => this.logger.error({ err }, 'Outbox orphan sweep failed'));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('interval', SWEEP)) this.scheduler.deleteInterval(SWEEP);
    await this.unsubscribe?.().catch(() => undefined);
    await this.worker.stop(this.config.outbox.shutdownGraceMs);
    // Hand over: what the finished deliveries unblocked is now for the other instances.
    await this.wake.notifyOthers();
  }
}
