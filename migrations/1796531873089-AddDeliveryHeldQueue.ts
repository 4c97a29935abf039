import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's claim cost follows the deliveries that can go now, not the backlog behind them.
 *
 * - `held`: a pending delivery that waits behind an earlier unfinished delivery of its thread. Only a thread's head
 *   is claimable (per-thread order), so during an outage thousands of followers would otherwise be scanned and
 *   rejected by every claim. A delivery is written held when its thread already has unfinished deliveries, and the
 *   settle of the thread's head releases the next one (`DeliveryQueue.promote`).
 * - `deliveries_ready_idx`: the claimable rows per channel in due order. Claims walk it channel by channel, so one
 *   channel's backlog (a campaign) cannot push another channel's live conversation to the back of one global line.
 *   It replaces `deliveries_due_idx`.
 * - `deliveries_held_idx`: finds held deliveries whose thread has no head any more (the backstop sweep).
 */
export class AddDeliveryHeldQueue1796531873089 implements MigrationInterface {
  name = 'AddDeliveryHeldQueue1796531873089';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE deliveries ADD COLUMN held boolean NOT NULL DEFAULT false;
      CREATE INDEX deliveries_ready_idx ON deliveries (channel_id, next_attempt_at, id) WHERE status = 'pending' AND NOT held;
      CREATE INDEX deliveries_held_idx ON deliveries (thread_id, id) WHERE status = 'pending' AND held;
      DROP INDEX deliveries_due_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
      DROP INDEX deliveries_held_idx;
      DROP INDEX deliveries_ready_idx;
      ALTER TABLE deliveries DROP COLUMN held;
    `);
  }
}
