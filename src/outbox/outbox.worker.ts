import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { Clock } from '../core/clock/clock';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryHandlerRegistry } from './delivery-handler.registry';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryOutcome, OutboxMetrics } from './outbox.metrics';
import { backoffDelayMs, classifyFailure } from './retry-policy';

type Tally = Record<DeliveryOutcome | 'claimed', number>;
const emptyTally = (): Tally => ({ claimed: 0, done: 0, skipped: 0, retry: 0, dead: 0 });

/**
 * Runs deliveries: claims due rows in short statements, runs each handler outside any transaction with at most
 * `concurrency` in flight, and settles each row on its own (one failing row never stops the others). A finished
 * delivery pulls the next one, so a thread's backlog drains without waiting for a sweep.
 */
@Injectable()
export class OutboxWorker {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly active = new Map<Promise<void>, DeliveryEntity>();
  private pumping = false;
  private again = false;
  private stopping = false;
  private tally = emptyTally();
  private timer: { at: number; handle: NodeJS.Timeout } | null = null;
  private retryTimes: number[] = [];

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly handlers: DeliveryHandlerRegistry,
    private readonly metrics: OutboxMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Claim and start whatever is due; coalesces calls that arrive while a claim is running. */
  wake(): void {
    if (this.stopping) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  /** Wakes at `at` (a retry this instance scheduled), so a backoff is kept to the millisecond, not to the sweep. */
  private wakeAt(at: Date): void {
    if (this.stopping) return;
    this.retryTimes.push(at.getTime());
    this.armTimer();
  }

  private armTimer(): void {
    const next = Math.min(...this.retryTimes);
    if (!Number.isFinite(next) || (this.timer && this.timer.at <= next)) return;
    if (this.timer) clearTimeout(this.timer.handle);
    const handle = setTimeout(() => {
      this.timer = null;
      const now = this.clock.now().getTime();
      this.retryTimes = this.retryTimes.filter((t) => t > now);
      this.wake();
      this.armTimer();
    }, Math.max(0, next - this.clock.now().getTime()));
    handle.unref();
    this.timer = { at: next, handle };
  }

  /** The timed backstop: pick up anything a lost wake-up left behind, and log one line about the last interval. */
  async sweep(): Promise<void> {
    this.wake();
    const t = this.tally;
    if (t.claimed + t.done + t.retry + t.dead + t.skipped === 0) return;
    this.tally = emptyTally();
    this.logger.log({ ...t, inFlight: this.active.size }, `Outbox: claimed ${t.claimed}, done ${t.done}, retried ${t.retry}, dead ${t.dead}`);
  }

  /**
   * Stops claiming and lets the deliveries in flight finish for up to `graceMs`; those still running then are handed
   * back (pending, due now), so that another instance takes them over at once instead of after their lease.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer.handle);
    this.timer = null;
    this.retryTimes = [];
    if (this.active.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.active.keys()]), timeout]);
    clearTimeout(timer);
    const unfinished = [...this.active.values()];
    for (const delivery of unfinished) await this.queue.release(delivery, this.clock.now()).catch(() => false);
    if (unfinished.length > 0) this.logger.warn({ deliveryIds: unfinished.map((d) => d.id) }, `Shutdown: handed back ${unfinished.length} unfinished deliveries`);
  }

  get inFlight(): number {
    return this.active.size;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        await this.claimWhileFree();
      } while (this.again && !this.stopping);
    } catch (err) {
      this.logger.error({ err }, 'Outbox claim failed; the next wake-up or sweep retries');
    } finally {
      this.pumping = false;
    }
  }

  private async claimWhileFree(): Promise<void> {
    const { concurrency, batchSize, leaseMs } = this.config.outbox;
    while (!this.stopping) {
      const limit = Math.min(batchSize, concurrency - this.active.size);
      if (limit <= 0) return;
      const now = this.clock.now();
      const batch = await this.queue.claim(this.handlers.kinds(), limit, now, new Date(now.getTime() + leaseMs));
      this.tally.claimed += batch.length;
      for (const delivery of batch) this.track(delivery, this.run(delivery));
      if (batch.length < limit) return;
    }
  }

  private track(delivery: DeliveryEntity, work: Promise<void>): void {
    this.active.set(work, delivery);
    this.metrics.inFlight.set(this.active.size);
    void work.finally(() => {
      this.active.delete(work);
      this.metrics.inFlight.set(this.active.size);
      this.wake();
    });
  }

  private async run(delivery: DeliveryEntity): Promise<void> {
    const handler = this.handlers.get(delivery.kind);
    try {
      if (!handler) throw new Error(`No handler for delivery kind "${delivery.kind}"`);
      const result = await handler.handle(delivery);
      await this.settle(delivery, result === 'skipped' ? 'skipped' : 'done', () => this.queue.complete(delivery, this.clock.now()));
    } catch (err) {
      await this.fail(delivery, err, handler?.maxAttempts).catch((settleErr: unknown) =>
        this.logger.error({ err: settleErr, deliveryId: delivery.id }, 'Could not record a delivery failure; its lease will expire'),
      );
    }
  }

  private async fail(delivery: DeliveryEntity, err: unknown, maxAttempts = this.config.outbox.maxAttempts): Promise<void> {
    const verdict = classifyFailure(err);
    const context = { deliveryId: delivery.id, kind: delivery.kind, brandId: delivery.brandId, threadId: delivery.threadId, attempts: delivery.attempts };
    if (verdict.retryable && delivery.attempts < maxAttempts) {
      const delay = backoffDelayMs(delivery.attempts, this.config.outbox, verdict.retryAfterMs);
      this.logger.warn({ ...context, reason: verdict.reason, retryInMs: delay }, 'Delivery failed; retrying later');
      const at = new Date(this.clock.now().getTime() + delay);
      if (await this.settle(delivery, 'retry', () => this.queue.reschedule(delivery, at, verdict.reason))) this.wakeAt(at);
      return;
    }
    const reason = verdict.retryable ? `gave up after ${delivery.attempts} attempts: ${verdict.reason}` : verdict.reason;
    this.logger.error({ ...context, reason }, 'Delivery is dead');
    const settled = await this.settle(delivery, 'dead', () => this.queue.kill(delivery, this.clock.now(), reason));
    const onDead = this.handlers.get(delivery.kind)?.onDead;
    if (settled && onDead) await onDead.call(this.handlers.get(delivery.kind), delivery, reason);
  }

  /** Applies a conditional transition; false when the lease was lost (another worker reclaimed the row). */
  private async settle(delivery: DeliveryEntity, outcome: DeliveryOutcome, transition: () => Promise<boolean>): Promise<boolean> {
    const settled = await transition();
    if (!settled) {
      this.logger.warn({ deliveryId: delivery.id, kind: delivery.kind }, 'Delivery lease lost before it was settled');
      return false;
    }
    this.tally[outcome] += 1;
    this.metrics.record(delivery, outcome, this.clock.now());
    return true;
  }
}
