import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { EventBus } from '../core/events/event-bus';
import { OUTBOX_WAKE_TOPIC } from './outbox.types';

/**
 * Wakes the outbox workers after the transaction that enqueued a delivery has committed (waking them before would
 * let them look for a row they cannot see yet). Registered as a TypeORM subscriber, so no caller can forget it:
 * `OutboxService.enqueue` marks the transaction, and the commit (or rollback) settles the mark.
 */
@Injectable()
export class OutboxWake implements EntitySubscriberInterface, OnModuleInit {
  private readonly logger = new Logger(OutboxWake.name);
  private readonly marked = new WeakSet<QueryRunner>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
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

  /** Best effort: the timed sweep picks up whatever a lost notification would have announced. */
  publish(): void {
    this.bus.publish(OUTBOX_WAKE_TOPIC, '').catch((err: unknown) => this.logger.warn({ err }, 'Could not publish an outbox wake-up'));
  }
}
