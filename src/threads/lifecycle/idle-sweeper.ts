import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { platformEventDelivery } from './lifecycle-deliveries';
import { DeadlineSweeper } from './deadline-sweeper';
import { DueThread } from './lifecycle.repository';

/**
 * `open` threads whose idle deadline has passed → `idle_warning`, with the close countdown starting now. The end user
 * sees the channel's `idleWarningText` through the `platform.event` delivery, written in the same transaction.
 */
@Injectable()
export class IdleSweeper extends DeadlineSweeper {
  readonly transition = 'idle_warning' as const;
  readonly reason = 'idle';
  readonly sweep = 'idle' as const;

  override claim(manager: EntityManager, now: Date, limit: number, skipBrandIds: string[]): Promise<DueThread[]> {
    return this.claims.claimIdleDue(now, limit, skipBrandIds, manager);
  }

  override async apply(manager: EntityManager, brandId: string, rows: DueThread[], now: Date): Promise<DueThread[]> {
    const closesAt = (row: DueThread) => new Date(now.getTime() + row.settings.closeCountdownSeconds * 1000);
    const moved = await this.threads.markIdleWarning(brandId, rows.map((row) => ({ id: row.id, closesAt: closesAt(row) })), now, manager);
    const warned = rows.filter((row) => moved.has(row.id));
    await this.outbox.enqueue(
      manager,
      warned.map((row) =>
        platformEventDelivery(row, { type: 'conversation.idle_warning', threadId: row.idOnExternalPlatform, text: row.settings.idleWarningText, closesAt: closesAt(row) }),
      ),
    );
    await this.threads.appendEvents(
      brandId,
      warned.map((row) => ({ threadId: row.id, type: 'idle_warning', data: { idleDeadlineAt: row.deadlineAt.toISOString(), closesAt: closesAt(row).toISOString() } })),
      manager,
    );
    return warned;
  }
}
