import type { DfoEndUserIdentity, DfoMessageContent, DfoNewMessage } from '../../dfo-client/dfo.types';
import { EndUserEntity } from '../../threads/end-user.entity';
import { ThreadEntity } from '../../threads/thread.entity';
import { MessageEntity } from '../../threads/message.entity';

/**
 * b.2 `NewMessage` for an end user's message. `createdAtWithMilliseconds` is the platform's own time when it gave
 * one, always as ISO 8601 with milliseconds and `Z`; the thread is the DFO reference (a fresh one per conversation).
 */
export function toDfoNewMessage(message: MessageEntity, thread: ThreadEntity, author: EndUserEntity): DfoNewMessage {
  return {
    idOnExternalPlatform: message.idOnExternalPlatform,
    direction: 'inbound',
    createdAtWithMilliseconds: (message.platformCreatedAt ?? message.createdAt).toISOString(),
    thread: { idOnExternalPlatform: thread.dfoThreadRef },
    messageContent: message.content as DfoMessageContent,
    authorEndUserIdentity: toDfoIdentity(author),
    ...(message.attachments.length > 0 ? { attachments: message.attachments.map((a) => ({ url: a.url, friendlyName: a.name })) } : {}),
  };
}

/** DFO's `authorEndUserIdentity` / a.3 `endUserIdentities[]`: absent names are left out, not sent as null. */
export function toDfoIdentity(endUser: EndUserEntity): DfoEndUserIdentity {
  return {
    idOnExternalPlatform: endUser.idOnExternalPlatform,
    ...(endUser.firstName ? { firstName: endUser.firstName } : {}),
    ...(endUser.lastName ? { lastName: endUser.lastName } : {}),
    ...(endUser.nickname ? { nickname: endUser.nickname } : {}),
    ...(endUser.imageUrl ? { image: endUser.imageUrl } : {}),
  };
}

/** Our messages keep DFO's `messageContent`; a platform gets text: the TEXT payload, else the fallback text. */
export function textOf(content: MessageEntity['content']): string {
  const text = content.payload?.text;
  if (typeof text === 'string') return text;
  return typeof content.fallbackText === 'string' ? content.fallbackText : '';
}

export function textContent(text: string): MessageEntity['content'] {
  return { type: 'TEXT', payload: { text } };
}
