import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { EventBus } from '../core/events/event-bus';
import { OUTBOX_WAKE_TOPIC } from './outbox.types';
import { OutboxWorker } from './outbox.worker';

/** Other instances hear of new deliveries at most this often from one instance (NOTIFY is not free). */
const NOTIFY_EVERY_MS = 50;

/**
 * Wakes the outbox workers after the transaction that enqueued a delivery has committed (waking them before would
 * let them look for a row they cannot see yet). Registered as a TypeORM subscriber, so no caller can forget it:
 * `OutboxService.enqueue` marks the transaction, and the commit (or rollback) settles the mark.
 *
 * This instance's worker is woken directly. The other instances are told with one `outbox_wake` notification per
 * `NOTIFY_EVERY_MS` at most (the first at once, one more at the end of a burst), not one per message: in a burst
 * they are busy anyway, and their sweep is the backstop. The payload is this instance's id, so it ignores its own.
 */
@Injectable()
export class OutboxWake implements EntitySubscriberInterface, OnModuleInit, OnModuleDestroy {
  readonly instanceId = randomUUID();
  private readonly logger = new Logger(OutboxWake.name);
  private readonly marked = new WeakSet<QueryRunner>();
  private notifiedAt = 0;
  private trailing: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly worker: OutboxWorker,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  onModuleDestroy(): void {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = null;
  }

  /** Wake after the manager's transaction commits, or now when it is not in one. */
  request(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.marked.add(runner);
    else this.publish();
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint also "commits"; only the outermost commit makes the rows visible.
    if (event.queryRunner.isTransactionActive || !this.marked.delete(event.queryRunner)) return;
    this.publish();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.marked.delete(event.queryRunner);
  }

  /** New deliveries were committed: wake this instance's worker, and (coalesced) the others. */
  publish(): void {
    this.worker.wake();
    const wait = this.notifiedAt + NOTIFY_EVERY_MS - Date.now();
    if (wait <= 0) {
      void this.notifyOthers();
    } else if (!this.trailing) {
      this.trailing = setTimeout(() => {
        this.trailing = null;
        void this.notifyOthers();
      }, wait);
      this.trailing.unref();
    }
  }

  /** Best effort: the timed sweep picks up whatever a lost notification would have announced. */
  notifyOthers(): Promise<void> {
    this.notifiedAt = Date.now();
    return this.bus.publish(OUTBOX_WAKE_TOPIC, this.instanceId).catch((err: unknown) => this.logger.warn({ err }, 'Could not publish an outbox wake-up'));
  }
}
