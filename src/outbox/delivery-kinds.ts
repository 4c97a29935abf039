/**
 * The delivery kinds and the payload each carries, as one map from kind to payload type.
 *
 * Why a map that the outbox declares empty: the outbox sits below `threads` and `messages` and must know nothing of
 * them, yet enqueueing kind K should demand K's payload and K's handler should receive it typed. So each module that
 * owns kinds adds them to this interface by declaration merging, next to its payload types:
 *
 *     export interface MessageDeliveryPayloads { 'dfo.create_message': CreateMessagePayload; ... }
 *     declare module '../../outbox/delivery-kinds' {
 *       interface DeliveryPayloads extends MessageDeliveryPayloads {}
 *     }
 *     export const MESSAGE_DELIVERY_KINDS = deliveryKinds<MessageDeliveryPayloads>({ 'dfo.create_message': true, ... });
 *
 * and imports `OutboxModule.forFeature(MESSAGE_DELIVERY_KINDS)`, which tells the handler registry at boot which
 * kinds must have a handler. Types vanish at run time, so that list is the run-time half: `deliveryKinds` makes the
 * compiler check it against the owner's map, and the registry refuses to start with a declared kind unhandled (or a
 * handler for an undeclared kind). A kind must also be allowed by the `deliveries.kind` CHECK constraint.
 *
 * Rejected alternatives: a kind list here (the outbox would name the features above it), or a `Record<string,
 * unknown>` payload with a cast in every handler (what we had: no check at enqueue, a cast per handler).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty on purpose: the owning modules fill it in
export interface DeliveryPayloads {}

export type DeliveryKind = keyof DeliveryPayloads & string;

/**
 * The run-time list of one owner's kinds. Taking an object keyed by every kind of `P` (instead of an array) makes a
 * kind added to `P` and forgotten here a compile error, and a stray one too.
 */
export function deliveryKinds<P>(kinds: { [K in keyof P]: true }): Extract<keyof P, string>[] {
  return Object.keys(kinds) as Extract<keyof P, string>[];
}
