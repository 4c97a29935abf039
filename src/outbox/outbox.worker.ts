import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { Clock } from '../core/clock/clock';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryHandlerRegistry } from './delivery-handler.registry';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryOutcome, OutboxMetrics } from './outbox.metrics';
import { backoffDelayMs, classifyFailure } from './retry-policy';
import { Settlement } from './settlement';
import { WorkerTimers } from './worker-timers';

type Tally = Record<DeliveryOutcome | 'claimed', number>;
const emptyTally = (): Tally => ({ claimed: 0, done: 0, skipped: 0, retry: 0, dead: 0 });

/** After a failed statement (the database is away), the loop tries again this much later. */
const RETRY_LOOP_MS = 500;

/**
 * Runs deliveries. Handlers run concurrently (at most `concurrency`), outside any transaction; everything the worker
 * writes goes through ONE serial loop that, each turn, settles every finished delivery in one statement, releases
 * the next delivery of each finished thread in one more, renews the leases in flight when due, and claims as many as
 * there is room for in one. Under load a turn carries many deliveries, so the statements per delivery shrink; when
 * idle a single delivery goes through at once. Being serial, the loop never races itself over a lease token.
 *
 * Leases are short (`leaseMs`) and renewed every third of it while the handler runs, so a crashed instance's
 * deliveries are taken over within one lease, while a slow DFO call on a live instance keeps its row.
 */
@Injectable()
export class OutboxWorker {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly active = new Map<string, { delivery: DeliveryEntity; work: Promise<void> }>();
  private readonly finished: Settlement[] = [];
  private readonly afterDeath = new Set<Promise<void>>();
  private readonly timers: WorkerTimers;
  private loop: Promise<void> | null = null;
  private wanted = false;
  private stopping = false;
  private tally = emptyTally();
  private orphanCandidates: string[] = [];

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly handlers: DeliveryHandlerRegistry,
    private readonly metrics: OutboxMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.timers = new WorkerTimers(clock, () => this.wake());
  }

  /** Something may be due: run a turn of the loop now (calls during a turn coalesce into one more turn). */
  wake(): void {
    this.wanted = true;
    // One macrotask later, so deliveries finishing together are settled together.
    this.loop ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run()).then((ok) => {
      this.loop = null;
      // A failed turn is retried by its timer, not at once (the database may be away).
      if (ok && (this.finished.length > 0 || (this.wanted && !this.stopping))) this.wake();
    });
  }

  /** The timed backstop: renew leases, pick up what a lost wake-up left behind, log one line per busy interval. */
  async sweep(): Promise<void> {
    this.wake();
    const t = this.tally;
    if (t.claimed + t.done + t.retry + t.dead + t.skipped === 0) return;
    this.tally = emptyTally();
    this.logger.log({ ...t, inFlight: this.active.size }, `Outbox: claimed ${t.claimed}, done ${t.done}, retried ${t.retry}, dead ${t.dead}`);
  }

  /**
   * Releases held deliveries whose thread lost its head (a crash between a settle and its release). Only those that
   * were orphaned at the previous check as well: a thread between its two statements looks the same for a moment.
   */
  async promoteOrphans(): Promise<void> {
    const promoted = await this.queue.promoteOrphans(this.orphanCandidates);
    this.orphanCandidates = await this.queue.findOrphans();
    if (promoted > 0) {
      this.logger.warn({ promoted }, 'Released held deliveries whose thread had no head');
      this.wake();
    }
  }

  /**
   * Stops claiming and lets the deliveries in flight finish for up to `graceMs`; those still running then are handed
   * back (pending, due now), so that another instance takes them over at once instead of after their lease.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.timers.clear();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.active.values()].map((a) => a.work)), timeout]);
    clearTimeout(timer);
    const unfinished = [...this.active.values()].map((a) => a.delivery);
    this.active.clear();
    for (const delivery of unfinished) this.finished.push({ delivery, outcome: 'released' });
    await this.loop;
    await this.settleFinished().catch((err: unknown) => this.logger.warn({ err }, 'Could not settle deliveries at shutdown; their leases will expire'));
    await Promise.allSettled([...this.afterDeath]);
    if (unfinished.length > 0) this.logger.warn({ deliveryIds: unfinished.map((d) => d.id) }, `Shutdown: handed back ${unfinished.length} unfinished deliveries`);
  }

  get inFlight(): number {
    return this.active.size;
  }

  private async run(): Promise<boolean> {
    try {
      while (this.finished.length > 0 || this.wanted) {
        this.wanted = false;
        await this.settleFinished();
        if (this.stopping) return true;
        await this.renewDue();
        await this.claimWhileRoom();
        this.timers.ticking(this.active.size > 0, this.config.outbox.leaseMs / 3);
      }
      return true;
    } catch (err) {
      this.logger.error({ err }, 'Outbox statement failed; trying again shortly');
      if (!this.stopping) this.timers.at(new Date(this.clock.now().getTime() + RETRY_LOOP_MS));
      return false;
    }
  }

  private async claimWhileRoom(): Promise<void> {
    const { concurrency, batchSize, leaseMs } = this.config.outbox;
    for (;;) {
      const limit = Math.min(batchSize, concurrency - this.active.size);
      if (limit <= 0 || this.stopping) return;
      const now = this.clock.now();
      const { deliveries, more } = await this.queue.claimBatch(this.handlers.kinds(), limit, now, new Date(now.getTime() + leaseMs));
      this.tally.claimed += deliveries.length;
      if (this.stopping) {
        // Claimed while shutdown began: handed back with the rest.
        for (const delivery of deliveries) this.finished.push({ delivery, outcome: 'released' });
        return;
      }
      for (const delivery of deliveries) this.start(delivery);
      if (deliveries.length < limit && !more) return;
    }
  }

  /** One statement for every finished delivery, one more to release what waited behind them. */
  private async settleFinished(): Promise<void> {
    if (this.finished.length === 0) return;
    const batch = this.finished.splice(0, this.finished.length);
    let result: Awaited<ReturnType<DeliveryQueue['settle']>>;
    try {
      result = await this.queue.settle(batch, this.clock.now());
    } catch (err) {
      this.finished.unshift(...batch);
      throw err;
    }
    for (const s of batch) this.record(s, result.settled.has(s.delivery.id));
    await this.queue.promote(result.finishedThreads);
    await this.recoverAfterOutage(batch.filter((s) => result.settled.has(s.delivery.id)));
  }

  /**
   * A delivery that had failed before went through: whatever it waited for (DFO, a platform) answers again, so the
   * same channel's deliveries of that kind stop waiting out their backoffs. After an outage the backlog drains at
   * once instead of over the longest backoff. A rare statement: only retries that succeed trigger it.
   */
  private async recoverAfterOutage(settled: Settlement[]): Promise<void> {
    const lanes = new Map<string, { channelId: string; kind: string }>();
    for (const { delivery, outcome } of settled) {
      if (outcome === 'done' && delivery.attempts > 1 && delivery.channelId) lanes.set(`${delivery.channelId} ${delivery.kind}`, { channelId: delivery.channelId, kind: delivery.kind });
    }
    const recovered = await this.queue.recover([...lanes.values()], this.clock.now());
    if (recovered > 0) this.logger.log({ recovered, lanes: lanes.size }, 'A retry went through: deliveries waiting out a backoff on the same channel are due now');
  }

  private record(s: Settlement, settled: boolean): void {
    if (s.outcome === 'released') return;
    if (!settled) {
      this.logger.warn({ deliveryId: s.delivery.id, kind: s.delivery.kind }, 'Delivery lease lost before it was settled');
      return;
    }
    this.tally[s.outcome] += 1;
    this.metrics.record(s.delivery, s.outcome, this.clock.now());
    if (s.outcome === 'retry') this.timers.at(s.nextAttemptAt);
    if (s.outcome === 'dead') this.runOnDead(s.delivery, s.reason);
  }

  /**
   * Extends, in one statement, the leases in flight that have less than two thirds of a lease left; a delivery that
   * finishes within a third of a lease is never renewed.
   */
  private async renewDue(): Promise<void> {
    const { leaseMs } = this.config.outbox;
    const now = this.clock.now().getTime();
    const due = [...this.active.values()].map((a) => a.delivery).filter((d) => (d.lockedUntil?.getTime() ?? 0) - now < (leaseMs * 2) / 3);
    if (due.length === 0) return;
    const until = new Date(now + leaseMs);
    const kept = await this.queue.renew(due.map((d) => ({ id: d.id, token: d.lockedUntil })), until);
    for (const d of due) {
      if (kept.has(d.id)) d.lockedUntil = until;
      else this.logger.warn({ deliveryId: d.id, kind: d.kind }, 'Delivery lease lost while running; another worker may run it too');
    }
  }

  private start(delivery: DeliveryEntity): void {
    const work = this.handle(delivery).then((settlement) => {
      // Gone from `active` means handed back at shutdown: its lease is no longer ours to settle.
      if (!this.active.delete(delivery.id)) return;
      this.metrics.inFlight.set(this.active.size);
      this.finished.push(settlement);
      this.wake();
    });
    this.active.set(delivery.id, { delivery, work });
    this.metrics.inFlight.set(this.active.size);
  }

  private async handle(delivery: DeliveryEntity): Promise<Settlement> {
    const handler = this.handlers.get(delivery.kind);
    try {
      if (!handler) throw new Error(`No handler for delivery kind "${delivery.kind}"`);
      const result = await handler.handle(delivery);
      return { delivery, outcome: result === 'skipped' ? 'skipped' : 'done' };
    } catch (err) {
      return this.failure(delivery, err, handler?.maxAttempts);
    }
  }

  private failure(delivery: DeliveryEntity, err: unknown, maxAttempts = this.config.outbox.maxAttempts): Settlement {
    const verdict = classifyFailure(err);
    const context = { deliveryId: delivery.id, kind: delivery.kind, brandId: delivery.brandId, threadId: delivery.threadId, attempts: delivery.attempts };
    if (verdict.retryable && delivery.attempts < maxAttempts) {
      const delay = backoffDelayMs(delivery.attempts, this.config.outbox, verdict.retryAfterMs);
      this.logger.warn({ ...context, reason: verdict.reason, retryInMs: delay }, 'Delivery failed; retrying later');
      return { delivery, outcome: 'retry', nextAttemptAt: new Date(this.clock.now().getTime() + delay), reason: verdict.reason };
    }
    const reason = verdict.retryable ? `gave up after ${delivery.attempts} attempts: ${verdict.reason}` : verdict.reason;
    this.logger.error({ ...context, reason }, 'Delivery is dead');
    return { delivery, outcome: 'dead', reason };
  }

  private runOnDead(delivery: DeliveryEntity, reason: string): void {
    const handler = this.handlers.get(delivery.kind);
    if (!handler?.onDead) return;
    const done = handler
      .onDead(delivery, reason)
      .catch((err: unknown) => this.logger.error({ err, deliveryId: delivery.id }, 'onDead failed'))
      .finally(() => this.afterDeath.delete(done));
    this.afterDeath.add(done);
  }
}
