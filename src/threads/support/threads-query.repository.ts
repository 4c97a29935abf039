import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BrandScope, scopedSql } from '../../core/database/brand-scope';
import { ClosedReason, ThreadStatus } from '../thread.entity';
import { cursorTimestampSql } from './cursor';

export interface ThreadListFilter {
  brandId?: string;
  channelId?: string;
  status?: ThreadStatus;
  closedReason?: ClosedReason;
  /** Our end-user id, or the end user's id on the platform. */
  endUser?: string;
  /** The platform's conversation id, or the thread reference we gave DFO. */
  externalThreadId?: string;
  dfoContactId?: string;
  updatedSince?: Date;
  /** Rows strictly after this `(updated_at, id)` in the `updated_at DESC, id DESC` order. */
  after?: { updatedAt: string; id: string };
  limit: number;
}

export interface ThreadRow {
  id: string;
  brand_id: string;
  channel_id: string;
  id_on_external_platform: string;
  dfo_thread_ref: string;
  end_user_id: string | null;
  dfo_contact_id: string | null;
  dfo_case_status: string | null;
  dfo_case_checked_at: Date | null;
  status: ThreadStatus;
  closed_reason: ClosedReason | null;
  idle_deadline_at: Date | null;
  close_deadline_at: Date | null;
  last_customer_activity_at: Date | null;
  last_agent_activity_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** `updated_at` as cursor text. */
  updated_key: string;
}

const THREAD_COLUMNS = `t.id, t.brand_id, t.channel_id, t.id_on_external_platform, t.dfo_thread_ref, t.end_user_id,
  t.dfo_contact_id, t.dfo_case_status, t.dfo_case_checked_at, t.status, t.closed_reason, t.idle_deadline_at,
  t.close_deadline_at, t.last_customer_activity_at, t.last_agent_activity_at, t.closed_at, t.created_at, t.updated_at,
  ${cursorTimestampSql('t.updated_at')} AS updated_key`;

/** The support API's reads of threads. Every query is limited to the caller's brand scope. */
@Injectable()
export class ThreadsQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest change first; one row more than `limit` tells the caller there is a next page. */
  async list(scope: BrandScope, filter: ThreadListFilter): Promise<ThreadRow[]> {
    const params: unknown[] = [scope];
    const where = [scopedSql('t.brand_id')];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.brandId) add((p) => `t.brand_id = ${p}::uuid`, filter.brandId);
    if (filter.channelId) add((p) => `t.channel_id = ${p}::uuid`, filter.channelId);
    if (filter.status) add((p) => `t.status = ${p}`, filter.status);
    if (filter.closedReason) add((p) => `t.closed_reason = ${p}`, filter.closedReason);
    if (filter.endUser) {
      add((p) => `(t.end_user_id::text = ${p} OR t.end_user_id IN (SELECT e.id FROM end_users e WHERE e.id_on_external_platform = ${p}))`, filter.endUser);
    }
    if (filter.externalThreadId) add((p) => `(t.id_on_external_platform = ${p} OR t.dfo_thread_ref = ${p})`, filter.externalThreadId);
    if (filter.dfoContactId) add((p) => `t.dfo_contact_id = ${p}`, filter.dfoContactId);
    if (filter.updatedSince) add((p) => `t.updated_at >= ${p}`, filter.updatedSince);
    if (filter.after) {
      params.push(filter.after.updatedAt, filter.after.id);
      where.push(`(t.updated_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit + 1);
    return this.dataSource.query(
      `SELECT ${THREAD_COLUMNS} FROM threads t WHERE ${where.join(' AND ')}
       ORDER BY t.updated_at DESC, t.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** The thread when it exists and the caller may see its brand; a foreign thread is indistinguishable from none. */
  async findVisible(scope: BrandScope, threadId: string): Promise<ThreadRow | null> {
    const rows: ThreadRow[] = await this.dataSource.query(
      `SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = $2 AND ${scopedSql('t.brand_id')}`,
      [scope, threadId],
    );
    return rows[0] ?? null;
  }
}
