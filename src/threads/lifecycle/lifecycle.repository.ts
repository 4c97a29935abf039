import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChannelSettings, withDefaultSettings } from '../../core/domain/channel-settings';
import { LifecycleThreadRef } from './lifecycle-deliveries';

/** A thread whose deadline has passed, claimed (row-locked) by the sweep's transaction. */
export interface DueThread extends LifecycleThreadRef {
  deadlineAt: Date;
  settings: ChannelSettings;
}

interface DueRow {
  id: string;
  brand_id: string;
  channel_id: string;
  id_on_external_platform: string;
  deadline_at: Date;
  settings: Partial<ChannelSettings>;
}

/**
 * The claim queries walk the partial indexes `threads_idle_due_idx` / `threads_close_due_idx` in deadline order, so
 * their cost follows the due rows, not the open threads. `FOR UPDATE OF t SKIP LOCKED` hands each due row to one
 * instance; brands that failed earlier in the same tick are skipped. Exported for the EXPLAIN check.
 */
export const CLAIM_IDLE_DUE_SQL = `
  SELECT t.id, t.brand_id, t.channel_id, t.id_on_external_platform, t.idle_deadline_at AS deadline_at, c.settings
  FROM threads t JOIN channels c ON c.id = t.channel_id
  WHERE t.status = 'open' AND t.idle_deadline_at IS NOT NULL AND t.idle_deadline_at <= $1
    AND NOT (t.brand_id = ANY($3::uuid[]))
  ORDER BY t.idle_deadline_at
  LIMIT $2
  FOR UPDATE OF t SKIP LOCKED`;

export const CLAIM_CLOSE_DUE_SQL = `
  SELECT t.id, t.brand_id, t.channel_id, t.id_on_external_platform, t.close_deadline_at AS deadline_at, c.settings
  FROM threads t JOIN channels c ON c.id = t.channel_id
  WHERE t.status = 'idle_warning' AND t.close_deadline_at <= $1
    AND NOT (t.brand_id = ANY($3::uuid[]))
  ORDER BY t.close_deadline_at
  LIMIT $2
  FOR UPDATE OF t SKIP LOCKED`;

/**
 * The deadline sweeps' claims: due threads, row-locked in the sweep's transaction. A read, across brands (a sweep
 * serves them all); what a sweep then changes goes through `ThreadRepository`, the one writer of thread state.
 */
@Injectable()
export class LifecycleRepository {
  async claimIdleDue(now: Date, limit: number, skipBrandIds: string[], manager: EntityManager): Promise<DueThread[]> {
    return (await manager.query(CLAIM_IDLE_DUE_SQL, [now, limit, skipBrandIds])).map(toDueThread);
  }

  async claimCloseDue(now: Date, limit: number, skipBrandIds: string[], manager: EntityManager): Promise<DueThread[]> {
    return (await manager.query(CLAIM_CLOSE_DUE_SQL, [now, limit, skipBrandIds])).map(toDueThread);
  }
}

function toDueThread(row: DueRow): DueThread {
  return {
    id: row.id,
    brandId: row.brand_id,
    channelId: row.channel_id,
    idOnExternalPlatform: row.id_on_external_platform,
    deadlineAt: new Date(row.deadline_at),
    settings: withDefaultSettings(row.settings),
  };
}
