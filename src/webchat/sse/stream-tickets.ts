import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SpentTokens } from '../../core/crypto/spent-tokens';
import { TokenSigner } from '../../core/crypto/token-signer';
import { WebchatSession } from '../../platform-adapters/webchat/webchat-session-tokens';
import { WebchatError } from '../../platform-adapters/webchat/webchat.errors';

/** Its own audience: neither a session token nor any other token we sign opens a stream as a ticket. */
export const STREAM_TICKET_AUDIENCE = 'webchat-stream';
/** Long enough to open the stream right after asking for it; a URL seen later (a log, a proxy) is worthless. */
export const STREAM_TICKET_TTL_SECONDS = 60;

/**
 * Stream tickets: what `GET /webchat/{channelId}/events?ticket=` takes instead of the session token, because
 * EventSource cannot send headers and a URL ends up in logs and proxies, where a 7-day session token must not.
 * A ticket is a signed token for one conversation, valid 60 s and for one stream: redeeming it spends its id.
 */
@Injectable()
export class StreamTickets {
  constructor(
    private readonly signer: TokenSigner,
    private readonly spent: SpentTokens,
  ) {}

  issue(session: WebchatSession): { ticket: string; expiresAt: Date } {
    const claims = { jti: randomUUID(), channelId: session.channelId, threadId: session.threadId };
    const { token, expiresAt } = this.signer.sign(STREAM_TICKET_AUDIENCE, session.endUserId, STREAM_TICKET_TTL_SECONDS, claims);
    return { ticket: token, expiresAt };
  }

  /** The session a ticket was issued for; `WEBCHAT.SESSION_INVALID` (401) for a bad, expired, used or foreign one. */
  async redeem(ticket: string, channelId: string): Promise<WebchatSession> {
    const verified = this.signer.verify(ticket, STREAM_TICKET_AUDIENCE);
    if (!verified.ok) throw invalid(`not valid (${verified.reason})`);
    const { sub, jti, exp, channelId: ticketChannel, threadId } = verified.claims;
    if (ticketChannel !== channelId) throw invalid('for another channel');
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof threadId !== 'string') throw invalid('not valid (malformed)');
    if (!(await this.spent.spend(jti, new Date(exp * 1000)))) throw invalid('used already');
    return { channelId, endUserId: sub, threadId, profile: {} };
  }
}

function invalid(why: string): WebchatError {
  return new WebchatError('WEBCHAT.SESSION_INVALID', `The stream ticket is ${why}; get a new one (POST /webchat/{channelId}/stream-ticket)`);
}
