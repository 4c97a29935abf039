import { DeliveryEntity, DeliveryKind } from './delivery.entity';

export type Row = Record<string, unknown>;

/** A `deliveries` row as the raw queries return it (`RETURNING d.*`), as an entity. */
export function toDelivery(row: Row): DeliveryEntity {
  const d = new DeliveryEntity();
  d.id = String(row.id);
  d.brandId = row.brand_id as string;
  d.channelId = (row.channel_id as string | null) ?? null;
  d.threadId = (row.thread_id as string | null) ?? null;
  d.messageId = (row.message_id as string | null) ?? null;
  d.kind = row.kind as DeliveryKind;
  d.payload = row.payload as Record<string, unknown>;
  d.status = row.status as DeliveryEntity['status'];
  d.held = row.held === true;
  d.attempts = Number(row.attempts);
  d.nextAttemptAt = new Date(row.next_attempt_at as string);
  d.lockedUntil = row.locked_until ? new Date(row.locked_until as string) : null;
  d.lastError = (row.last_error as string | null) ?? null;
  d.completedAt = row.completed_at ? new Date(row.completed_at as string) : null;
  d.createdAt = new Date(row.created_at as string);
  d.updatedAt = new Date(row.updated_at as string);
  return d;
}

