import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryKind, DeliveryStatus } from '../../outbox/delivery.entity';
import { returnedRows } from '../../core/database/sql-result';
import { BrandScope, scopedSql } from '../../core/database/brand-scope';

export interface DeliveryListFilter {
  status: DeliveryStatus;
  brandId?: string;
  threadId?: string;
  kind?: DeliveryKind;
  /** Rows with a smaller id (newest first). */
  beforeId?: string;
  limit: number;
}

export interface DeliveryRow {
  id: string;
  brand_id: string;
  channel_id: string | null;
  thread_id: string | null;
  message_id: string | null;
  kind: DeliveryKind;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const DELIVERY_COLUMNS = `id::text AS id, brand_id, channel_id, thread_id, message_id, kind, status, attempts, next_attempt_at,
  last_error, completed_at, created_at, updated_at`;

/**
 * The support API's view of the outbox (`deliveries` belongs to the outbox; these are read-mostly queries plus the
 * one support action, putting a dead delivery back in line). Limited to the caller's brand scope.
 */
@Injectable()
export class DeliveriesQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; for `dead`, served by `deliveries_dead_idx (brand_id, id)`. */
  async list(scope: BrandScope, filter: DeliveryListFilter): Promise<DeliveryRow[]> {
    const params: unknown[] = [scope, filter.status];
    const where = [scopedSql('brand_id'), 'status = $2'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.brandId) add((p) => `brand_id = ${p}::uuid`, filter.brandId);
    if (filter.threadId) add((p) => `thread_id = ${p}::uuid`, filter.threadId);
    if (filter.kind) add((p) => `kind = ${p}`, filter.kind);
    if (filter.beforeId) add((p) => `id < ${p}::bigint`, filter.beforeId);
    params.push(filter.limit + 1);
    return this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${where.join(' AND ')} ORDER BY deliveries.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async findVisible(scope: BrandScope, id: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $2::bigint AND ${scopedSql('brand_id')}`,
      [scope, id],
    );
    return rows[0] ?? null;
  }

  /** `dead` → `pending`, due now, with a fresh attempt count. Null when it was not dead (or not visible). */
  async requeueDead(scope: BrandScope, id: string, now: Date): Promise<DeliveryRow | null> {
    const rows = returnedRows<DeliveryRow>(
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $3, locked_until = NULL, completed_at = NULL
         WHERE id = $2::bigint AND status = 'dead' AND ${scopedSql('brand_id')}
         RETURNING ${DELIVERY_COLUMNS}`,
        [scope, id, now],
      ),
    );
    return rows[0] ?? null;
  }
}
