import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { closeDeliveries } from './lifecycle-deliveries';
import { DeadlineSweeper } from './deadline-sweeper';
import { DueThread } from './lifecycle.repository';

/**
 * `idle_warning` threads whose countdown is over → `closed(idle_timeout)`. In the same transaction: the platform is
 * told (`conversation.closed` with `closedText`) and the DFO case is set to closed, both through the outbox, so a DFO
 * outage delays the close in DFO but cannot lose it.
 */
@Injectable()
export class CloseSweeper extends DeadlineSweeper {
  readonly transition = 'closed' as const;
  readonly reason = 'idle_timeout';
  readonly sweep = 'close' as const;

  override claim(manager: EntityManager, now: Date, limit: number, skipBrandIds: string[]): Promise<DueThread[]> {
    return this.claims.claimCloseDue(now, limit, skipBrandIds, manager);
  }

  override async apply(manager: EntityManager, brandId: string, rows: DueThread[], now: Date): Promise<DueThread[]> {
    const moved = await this.threads.markIdleTimeout(brandId, rows.map((row) => row.id), now, manager);
    const closed = rows.filter((row) => moved.has(row.id));
    await this.outbox.enqueue(manager, closed.flatMap((row) => closeDeliveries(row, 'idle_timeout', row.settings.closedText)));
    await this.threads.appendEvents(
      brandId,
      closed.map((row) => ({ threadId: row.id, type: 'closed', data: { reason: 'idle_timeout', closeDeadlineAt: row.deadlineAt.toISOString() } })),
      manager,
    );
    return closed;
  }
}
