import { Attachment, InboundEvent } from '../platform-adapter';
import { WebchatSession } from './webchat-session-tokens';

/** One call of the web chat API, as the controller validated it; the adapter turns it into normalised events. */
export type WebchatCall =
  | { kind: 'message'; clientMessageId: string; text: string; attachments: Attachment[] }
  | { kind: 'typing'; on: boolean }
  | { kind: 'heartbeat' }
  | { kind: 'leave' };

/**
 * The id of an end user's message: the client's own id, namespaced by the visitor, so that a retried send is a
 * duplicate (messages are unique per channel, direction and this id) while two visitors never collide.
 */
export function inboundMessageId(endUserId: string, clientMessageId: string): string {
  return `${endUserId}:${clientMessageId}`;
}

/** The client's id back from `inboundMessageId`, for the history (null for a message that did not come from us). */
export function clientMessageIdOf(endUserId: string, messageId: string): string | null {
  const prefix = `${endUserId}:`;
  return messageId.startsWith(prefix) ? messageId.slice(prefix.length) : null;
}

export function toInboundEvents(session: WebchatSession, call: WebchatCall, at: Date): InboundEvent[] {
  const threadId = session.threadId;
  switch (call.kind) {
    case 'message':
      return [
        {
          type: 'message',
          id: inboundMessageId(session.endUserId, call.clientMessageId),
          threadId,
          createdAt: at,
          author: { id: session.endUserId, ...session.profile },
          text: call.text,
          attachments: call.attachments,
        },
      ];
    case 'typing':
      return [{ type: 'typing', threadId, authorId: session.endUserId, on: call.on, at }];
    case 'heartbeat':
      return [{ type: 'heartbeat', threadId, authorId: session.endUserId, at }];
    case 'leave':
      return [{ type: 'left', threadId, at }];
  }
}

/** Reads the `WebchatCall` the controller put in `InboundRequest.body`; anything else is a programming error. */
export function readWebchatCall(body: unknown): WebchatCall | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  switch (b.kind) {
    case 'message':
      return typeof b.clientMessageId === 'string' && typeof b.text === 'string' && Array.isArray(b.attachments)
        ? { kind: 'message', clientMessageId: b.clientMessageId, text: b.text, attachments: b.attachments as Attachment[] }
        : null;
    case 'typing':
      return typeof b.on === 'boolean' ? { kind: 'typing', on: b.on } : null;
    case 'heartbeat':
    case 'leave':
      return { kind: b.kind };
    default:
      return null;
  }
}
