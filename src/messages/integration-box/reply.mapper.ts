import type { DfoEndUserIdentity, DfoRecipient } from '../../dfo-client/dfo.types';
import { EndUserEntity } from '../../threads/end-user.entity';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRecipientEntity } from '../../threads/thread-recipient.entity';
import { toDfoIdentity } from '../delivery/dfo-message.mapper';
import { MessageEntity } from '../../threads/message.entity';

/** a.3's answer: all four blocks, since which ones DFO requires is unknown (docs/dfo-contract.md a.3). */
export interface AgentReplyResponse {
  message: { idOnExternalPlatform: string; createdAtWithMilliseconds: string };
  thread: { idOnExternalPlatform: string };
  endUserIdentities: DfoEndUserIdentity[];
  recipients: DfoRecipient[];
}

export function toAgentReplyResponse(message: MessageEntity, thread: ThreadEntity, endUser: EndUserEntity | null, recipients: ThreadRecipientEntity[]): AgentReplyResponse {
  return {
    message: { idOnExternalPlatform: message.idOnExternalPlatform, createdAtWithMilliseconds: message.createdAt.toISOString() },
    thread: { idOnExternalPlatform: thread.dfoThreadRef },
    endUserIdentities: endUser ? [toDfoIdentity(endUser)] : [],
    recipients: recipients.length > 0 ? recipients.map(toDfoRecipient) : endUser ? [endUserAsRecipient(endUser)] : [],
  };
}

function toDfoRecipient(r: ThreadRecipientEntity): DfoRecipient {
  return { idOnExternalPlatform: r.idOnExternalPlatform, ...(r.name ? { name: r.name } : {}), isPrimary: r.isPrimary, isPrivate: r.isPrivate };
}

/** A conversation the end user started has no recipient list: the end user is its one recipient. */
function endUserAsRecipient(endUser: EndUserEntity): DfoRecipient {
  const name = [endUser.firstName, endUser.lastName].filter(Boolean).join(' ') || endUser.nickname;
  return { idOnExternalPlatform: endUser.idOnExternalPlatform, ...(name ? { name } : {}), isPrimary: true, isPrivate: true };
}
