import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelSettings, withDefaultSettings } from '../../core/domain/channel-settings';
import { returnedRows } from '../../core/database/sql-result';

/** A thread claimed for a DFO case-status read: its `dfo_case_checked_at` now holds the claim time. */
export interface CaseCheck {
  id: string;
  brandId: string;
  channelId: string;
  idOnExternalPlatform: string;
  dfoContactId: string;
  dfoCaseStatus: string | null;
  /** The check time before the claim, put back when the read could not be made (so the thread stays first in line). */
  previousCheckedAt: Date | null;
  settings: ChannelSettings;
}

interface CaseCheckRow {
  id: string;
  brand_id: string;
  channel_id: string;
  id_on_external_platform: string;
  dfo_contact_id: string;
  dfo_case_status: string | null;
  previous: Date | null;
  settings: Partial<ChannelSettings>;
}

const CLAIMED_COLUMNS = `t.id, t.brand_id, t.channel_id, t.id_on_external_platform, t.dfo_contact_id, t.dfo_case_status,
  due.previous, c.settings`;

/** One brand's oldest checks, claimed; exported for the EXPLAIN check. Params: brand, limit, now, checked before. */
export const CLAIM_CASE_CHECKS_SQL = `
  UPDATE threads t SET dfo_case_checked_at = $3
  FROM (SELECT id, dfo_case_checked_at AS previous FROM threads
        WHERE brand_id = $1 AND status <> 'closed' AND dfo_contact_id IS NOT NULL
          AND (dfo_case_checked_at IS NULL OR dfo_case_checked_at <= $4)
        ORDER BY dfo_case_checked_at NULLS FIRST
        LIMIT $2
        FOR UPDATE SKIP LOCKED) due, channels c
  WHERE t.id = due.id AND c.id = t.channel_id
  RETURNING ${CLAIMED_COLUMNS}`;

/**
 * Claims threads for case-status reads. A claim moves `dfo_case_checked_at` to the claim time in the same statement
 * (`SKIP LOCKED` on the oldest checks of one brand, through `threads_brand_case_check_idx`), so two instances never
 * read the same case at once and a claimed thread goes to the back of the line. That stamp is the sync's lease on
 * the read, not a state change of the thread: the status read is written through `ThreadRepository`, the one writer
 * of thread state, and so is its timeline event.
 */
@Injectable()
export class CaseSyncRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Brands to visit; the brands table is small, and per-brand claims keep one big brand from starving the rest. */
  async brandIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM brands ORDER BY id');
    return rows.map((r) => r.id);
  }

  async claimOldest(brandId: string, now: Date, checkedBefore: Date, limit: number): Promise<CaseCheck[]> {
    const rows = returnedRows<CaseCheckRow>(await this.dataSource.query(CLAIM_CASE_CHECKS_SQL, [brandId, limit, now, checkedBefore]));
    return rows.map(toCaseCheck);
  }

  /** Claims one thread when its cached status is older than `checkedBefore`; null when fresh, closed or busy. */
  async claimIfStale(brandId: string, threadId: string, now: Date, checkedBefore: Date): Promise<CaseCheck | null> {
    const rows = returnedRows<CaseCheckRow>(
      await this.dataSource.query(
        `UPDATE threads t SET dfo_case_checked_at = $3
         FROM (SELECT id, dfo_case_checked_at AS previous FROM threads
               WHERE id = $2 AND brand_id = $1 AND status <> 'closed' AND dfo_contact_id IS NOT NULL
                 AND (dfo_case_checked_at IS NULL OR dfo_case_checked_at <= $4)
               FOR UPDATE SKIP LOCKED) due, channels c
         WHERE t.id = due.id AND c.id = t.channel_id
         RETURNING ${CLAIMED_COLUMNS}`,
        [brandId, threadId, now, checkedBefore],
      ),
    );
    return rows[0] ? toCaseCheck(rows[0]) : null;
  }

  /** Undoes claims whose read did not happen, unless someone has claimed the thread again since. */
  async release(brandId: string, checks: CaseCheck[], claimedAt: Date): Promise<void> {
    if (checks.length === 0) return;
    await this.dataSource.query(
      `UPDATE threads t SET dfo_case_checked_at = v.previous
       FROM unnest($2::uuid[], $3::timestamptz[]) AS v(id, previous)
       WHERE t.id = v.id AND t.brand_id = $1 AND t.dfo_case_checked_at = $4`,
      [brandId, checks.map((c) => c.id), checks.map((c) => c.previousCheckedAt), claimedAt],
    );
  }
}

function toCaseCheck(row: CaseCheckRow): CaseCheck {
  return {
    id: row.id,
    brandId: row.brand_id,
    channelId: row.channel_id,
    idOnExternalPlatform: row.id_on_external_platform,
    dfoContactId: row.dfo_contact_id,
    dfoCaseStatus: row.dfo_case_status,
    previousCheckedAt: row.previous === null ? null : new Date(row.previous),
    settings: withDefaultSettings(row.settings),
  };
}
