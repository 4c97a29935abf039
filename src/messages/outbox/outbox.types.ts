import { DeliveryEntity, DeliveryKind } from '../delivery.entity';

/** One call that must reach DFO or a platform, written in the same transaction as the state change that needs it. */
export interface NewDelivery {
  brandId: string;
  kind: DeliveryKind;
  payload: Record<string, unknown>;
  channelId?: string | null;
  /** Deliveries of one thread go out strictly in id order; null means no ordering constraint. */
  threadId?: string | null;
  messageId?: string | null;
  /** Not before this time (default: now). */
  notBefore?: Date;
}

/**
 * Carries out deliveries of one kind. It throws `DfoError` or `PlatformAdapterError` on failure: the outbox retries
 * retryable ones with backoff and marks the rest dead with the reason. `onDead` lets the owner react when a
 * delivery is given up (tell DFO the message `failed`, write a thread event).
 */
export interface DeliveryHandler {
  readonly kind: DeliveryKind;
  handle(delivery: DeliveryEntity): Promise<void>;
  onDead?(delivery: DeliveryEntity, reason: string): Promise<void>;
}
