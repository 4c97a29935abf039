import { DeliveryEntity } from './delivery.entity';
import { DeliveryKind, DeliveryPayloads } from './delivery-kinds';

/**
 * How the outbox is used (read this before enqueueing):
 *
 * - Write the delivery in the SAME transaction as the state change that needs it:
 *   `dataSource.transaction(async (m) => { ...; await outbox.enqueue(m, {...}); })`.
 * - Waking the workers cannot be forgotten: `enqueue` registers the transaction's query runner, and
 *   `OutboxWake` (a TypeORM transaction subscriber) publishes `outbox_wake` on the `EventBus` right after that
 *   transaction commits, or drops the request when it rolls back. Called outside a transaction, `enqueue` wakes at
 *   once. A lost wake-up costs at most one sweep interval (`OUTBOX_SWEEP_INTERVAL_MS`).
 * - Handlers run outside any transaction and may run more than once (at-least-once): a crash between the call and
 *   the bookkeeping repeats the call. They must be idempotent on our side (conditional updates).
 * - Kinds and their payload types are declared by the modules that own them: see `delivery-kinds.ts`.
 */
export const OUTBOX_WAKE_TOPIC = 'outbox_wake';

export type { DeliveryKind, DeliveryPayloads };

interface DeliveryRouting {
  brandId: string;
  channelId?: string | null;
  /** Deliveries of one thread go out strictly in id order; null means no ordering constraint. */
  threadId?: string | null;
  messageId?: string | null;
  /** Not before this time (default: now). */
  notBefore?: Date;
}

/**
 * One call that must reach DFO or a platform, written in the same transaction as the state change that needs it.
 * Distributes over `K`, so `{ kind: 'x', payload }` must carry the payload type of `x`.
 */
export type NewDelivery<K extends DeliveryKind = DeliveryKind> = K extends DeliveryKind
  ? DeliveryRouting & { kind: K; payload: DeliveryPayloads[K] }
  : never;

/** A claimed delivery of kind `K`, its payload typed by the owner's map. */
export type Delivery<K extends DeliveryKind = DeliveryKind> = K extends DeliveryKind
  ? Omit<DeliveryEntity, 'kind' | 'payload'> & { readonly kind: K; readonly payload: DeliveryPayloads[K] }
  : never;

/** `skipped`: the handler decided the delivery no longer matters (stale typing) and did not call out. */
export type HandlerResult = void | 'skipped';

/**
 * Carries out deliveries of one kind. It throws `DfoError` or `PlatformAdapterError` on failure: the outbox retries
 * retryable ones with backoff (honouring `retryAfterMs`) and marks the rest dead with the reason. Any other
 * `DomainError` is permanent; an unexpected error (a lost database connection) is retried. `onDead` lets the
 * owner react when a delivery is given up (tell DFO the message `failed`, write a thread event).
 */
export interface DeliveryHandler<K extends DeliveryKind = DeliveryKind> {
  readonly kind: K;
  /** Overrides `OUTBOX_MAX_ATTEMPTS` for this kind (typing indicators are not worth retrying for long). */
  readonly maxAttempts?: number;
  handle(delivery: Delivery<K>): Promise<HandlerResult>;
  onDead?(delivery: Delivery<K>, reason: string): Promise<void>;
}
