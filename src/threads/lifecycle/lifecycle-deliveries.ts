import { DfoCaseStatus } from '../../core/domain/dfo-case-status';
import { deliveryKinds } from '../../outbox/delivery-kinds';
import { NewDelivery } from '../../outbox/outbox.types';
import { LifecycleEvent } from '../../platform-adapters/platform-adapter';
import { ClosedReason } from '../thread.entity';

/** What a lifecycle delivery needs to know about its thread. */
export interface LifecycleThreadRef {
  id: string;
  brandId: string;
  channelId: string;
  /** The platform's conversation id (`threads.id_on_external_platform`). */
  idOnExternalPlatform: string;
}

/**
 * The `platform.event` payload: a `LifecycleEvent` with `closesAt` as an ISO string (jsonb has no dates). Whoever
 * enqueues a lifecycle event (the sweeps, the agent-closed transition, the resume in thread-activity) builds it
 * with `platformEventDelivery`, and `PlatformEventHandler` parses it back.
 */
export type PlatformEventPayload =
  | { type: 'conversation.idle_warning'; threadId: string; text: string; closesAt: string }
  | { type: 'conversation.resumed'; threadId: string }
  | { type: 'conversation.closed'; threadId: string; reason: ClosedReason; text?: string };

/** `dfo.case_status`: the status to set the thread's DFO case to. */
export interface CaseStatusPayload {
  status: DfoCaseStatus;
}

/** `dfo.thread_update`: the DFO thread's new `canAddMoreMessages`. */
export interface ThreadUpdatePayload {
  canAddMoreMessages: boolean;
}

/** The lifecycle's kinds, added to the outbox's payload map (see `outbox/delivery-kinds.ts`). */
export interface LifecycleDeliveryPayloads {
  'platform.event': PlatformEventPayload;
  'dfo.case_status': CaseStatusPayload;
  'dfo.thread_update': ThreadUpdatePayload;
}

declare module '../../outbox/delivery-kinds' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the kinds above
  interface DeliveryPayloads extends LifecycleDeliveryPayloads {}
}

export const LIFECYCLE_DELIVERY_KINDS = deliveryKinds<LifecycleDeliveryPayloads>({
  'platform.event': true,
  'dfo.case_status': true,
  'dfo.thread_update': true,
});

export function platformEventDelivery(thread: LifecycleThreadRef, event: LifecycleEvent): NewDelivery<'platform.event'> {
  const payload: PlatformEventPayload =
    event.type === 'conversation.idle_warning' ? { ...event, closesAt: event.closesAt.toISOString() } : { ...event };
  return { brandId: thread.brandId, channelId: thread.channelId, threadId: thread.id, kind: 'platform.event', payload };
}

/**
 * `dfo.case_status`: sets the thread's DFO case to `status`. The contact id is read from the thread when the
 * delivery runs, not now: the thread's `dfo.create_message` may still be ahead of it in the outbox (deliveries of one
 * thread go out in order), and only its response tells us the case number.
 */
export function caseStatusDelivery(thread: LifecycleThreadRef, status: 'closed'): NewDelivery<'dfo.case_status'> {
  return { brandId: thread.brandId, channelId: thread.channelId, threadId: thread.id, kind: 'dfo.case_status', payload: { status } };
}

/** `dfo.thread_update`: locks the DFO thread so that nothing more is added to a conversation the agent ended. */
export function threadLockDelivery(thread: LifecycleThreadRef): NewDelivery<'dfo.thread_update'> {
  return {
    brandId: thread.brandId,
    channelId: thread.channelId,
    threadId: thread.id,
    kind: 'dfo.thread_update',
    payload: { canAddMoreMessages: false },
  };
}

/**
 * The deliveries of a close, in the order they go out. The end user hears first, so a DFO outage (which the outbox
 * rides out with retries) does not leave the widget waiting; DFO's side follows on the same ordered thread queue.
 */
export function closeDeliveries(thread: LifecycleThreadRef, reason: ClosedReason, closedText: string): NewDelivery[] {
  const told = platformEventDelivery(thread, { type: 'conversation.closed', threadId: thread.idOnExternalPlatform, reason, text: closedText });
  // The agent already closed the case; what is left is to stop the end user adding to the DFO thread.
  return reason === 'agent' ? [told, threadLockDelivery(thread)] : [told, caseStatusDelivery(thread, 'closed')];
}
