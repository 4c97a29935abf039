import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../core/clock/clock';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryColumnsSql, insertFromSql } from './delivery-queue.sql';
import { OutboxWake } from './outbox-wake';
import { NewDelivery } from './outbox.types';

/** The producers' side of the outbox. See `outbox.types.ts` for the rules. */
@Injectable()
export class OutboxService {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly wake: OutboxWake,
    private readonly clock: Clock,
  ) {}

  /** Inserts the deliveries in the caller's transaction; the workers are woken once it commits. Returns the ids. */
  async enqueue(manager: EntityManager, deliveries: NewDelivery | NewDelivery[]): Promise<string[]> {
    const list = Array.isArray(deliveries) ? deliveries : [deliveries];
    if (list.length === 0) return [];
    const ids = await this.queue.insert(list, this.clock.now(), manager);
    this.wake.request(manager);
    return ids;
  }

  /**
   * For a writer that puts its state change and its delivery in ONE statement (a CTE, no transaction of its own):
   * the `INSERT … SELECT` to embed, with the outbox's rules. Then call `wakeWhenCommitted`.
   */
  insertSql(columns: DeliveryColumnsSql): string {
    return insertFromSql(columns);
  }

  /** Deliveries were written with `insertSql`: wake the workers once `manager`'s transaction (if any) commits. */
  wakeWhenCommitted(manager: EntityManager): void {
    this.wake.request(manager);
  }

  /**
   * For work tried inline first (an agent reply sent while DFO waits): the delivery was enqueued with a `notBefore`
   * safely after the inline attempt's timeout, and is settled here. Success marks it done; failure makes it due now.
   * Returns false when a worker already has it (it then runs the handler, which checks the message's state).
   */
  async settleInline(id: string, outcome: { ok: true } | { ok: false; reason: string }): Promise<boolean> {
    const now = this.clock.now();
    if (outcome.ok) {
      // What waited behind it on its thread may go now.
      const done = await this.queue.completePending(id, now);
      if (done) this.wake.publish();
      return done;
    }
    const changed = await this.queue.makeDue(id, now, outcome.reason);
    if (changed) this.wake.publish();
    return changed;
  }
}
