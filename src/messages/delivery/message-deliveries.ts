import type { DfoMessageDeliveryStatus } from '../../dfo-client/dfo.types';
import { deliveryKinds } from '../../outbox/delivery-kinds';
import { NewDelivery } from '../../outbox/outbox.types';
import { MessageEntity } from '../../threads/message.entity';
import { ThreadEntity } from '../../threads/thread.entity';

/**
 * The payloads of the messaging deliveries, and their builders. Payloads carry ids, not copies: a handler reads the
 * message and thread when it runs (the thread's DFO contact id, for one, may have arrived since).
 */
export interface CreateMessagePayload {
  messageId: string;
}

export interface MessageStatusPayload {
  messageId: string;
  status: DfoMessageDeliveryStatus;
  updatedAt: string;
  reason?: string;
}

export interface SenderActionPayload {
  threadId: string;
  on: boolean;
  at: string;
}

export interface PlatformSendPayload {
  messageId: string;
  /** Agent-initiated: start the conversation on the platform (`startConversation`). */
  start?: boolean;
}

/** The messaging kinds, added to the outbox's payload map (see `outbox/delivery-kinds.ts`). */
export interface MessageDeliveryPayloads {
  'dfo.create_message': CreateMessagePayload;
  'dfo.message_status': MessageStatusPayload;
  'dfo.sender_action': SenderActionPayload;
  'platform.send': PlatformSendPayload;
}

declare module '../../outbox/delivery-kinds' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the kinds above
  interface DeliveryPayloads extends MessageDeliveryPayloads {}
}

export const MESSAGE_DELIVERY_KINDS = deliveryKinds<MessageDeliveryPayloads>({
  'dfo.create_message': true,
  'dfo.message_status': true,
  'dfo.sender_action': true,
  'platform.send': true,
});

const base = (m: MessageEntity) => ({ brandId: m.brandId, channelId: m.channelId, threadId: m.threadId, messageId: m.id });

export function createMessageDelivery(message: MessageEntity): NewDelivery<'dfo.create_message'> {
  return { ...base(message), kind: 'dfo.create_message', payload: { messageId: message.id } };
}

/**
 * Ordered with its thread, except when `unorderedAfter` is given: the `delivered` that follows an inline send waits
 * that long (DFO records our message id from the answer we are about to give it) without holding up the thread.
 */
export function messageStatusDelivery(message: MessageEntity, status: DfoMessageDeliveryStatus, at: Date, options: { reason?: string; unorderedAfter?: Date } = {}): NewDelivery<'dfo.message_status'> {
  return {
    ...base(message),
    kind: 'dfo.message_status',
    payload: { messageId: message.id, status, updatedAt: at.toISOString(), ...(options.reason ? { reason: options.reason } : {}) },
    ...(options.unorderedAfter ? { threadId: null, notBefore: options.unorderedAfter } : {}),
  };
}

/** Typing is not ordered with its thread: a stale one is dropped, and it must never hold back a message. */
export function senderActionDelivery(thread: ThreadEntity, on: boolean, at: Date): NewDelivery<'dfo.sender_action'> {
  return {
    brandId: thread.brandId,
    channelId: thread.channelId,
    threadId: null,
    kind: 'dfo.sender_action',
    payload: { threadId: thread.id, on, at: at.toISOString() },
  };
}

export function platformSendDelivery(message: MessageEntity, options: { start?: boolean; notBefore?: Date } = {}): NewDelivery<'platform.send'> {
  return {
    ...base(message),
    kind: 'platform.send',
    payload: { messageId: message.id, ...(options.start ? { start: true } : {}) },
    ...(options.notBefore ? { notBefore: options.notBefore } : {}),
  };
}
