import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { TokenSigner } from '../../core/crypto/token-signer';
import { WebchatError } from './webchat.errors';

export const WEBCHAT_TOKEN_AUDIENCE = 'webchat';

export interface EndUserProfile {
  firstName?: string;
  lastName?: string;
  nickname?: string;
}

/** What a session token binds together. The ids are the web chat's own (the "platform" ids of our model). */
export interface WebchatSession {
  /** Our channel id (uuid): a token for one channel is refused on every other. */
  channelId: string;
  /** The visitor: `end_users.id_on_external_platform`. */
  endUserId: string;
  /** The conversation: `threads.id_on_external_platform`. */
  threadId: string;
  profile: EndUserProfile;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Session tokens of the web chat API: HS256 JWTs (audience `webchat`) whose subject is the visitor and whose claims
 * name the channel and the conversation. The visitor's display names travel in the token, so that a session costs
 * no database row until its first message.
 */
@Injectable()
export class WebchatSessionTokens {
  constructor(
    private readonly signer: TokenSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  sign(session: WebchatSession): { token: string; expiresAt: Date } {
    const profile = Object.fromEntries(Object.entries(session.profile).filter(([, v]) => typeof v === 'string' && v.length > 0));
    return this.signer.sign(WEBCHAT_TOKEN_AUDIENCE, session.endUserId, this.config.webchat.sessionTtlSeconds, {
      channelId: session.channelId,
      threadId: session.threadId,
      profile,
    });
  }

  /** Throws `WEBCHAT.SESSION_INVALID` (401) for a bad, expired or foreign token, or one of another channel. */
  verify(token: string, channelId: string): WebchatSession {
    const result = this.signer.verify(token, WEBCHAT_TOKEN_AUDIENCE);
    if (!result.ok) throw new WebchatError('WEBCHAT.SESSION_INVALID', `The session token is not valid (${result.reason})`);
    const { sub, channelId: tokenChannel, threadId, profile } = result.claims;
    if (tokenChannel !== channelId) throw new WebchatError('WEBCHAT.SESSION_INVALID', 'The session token belongs to another channel');
    if (typeof sub !== 'string' || typeof threadId !== 'string') throw new WebchatError('WEBCHAT.SESSION_INVALID', 'The session token is not valid (malformed)');
    const p = (typeof profile === 'object' && profile !== null ? profile : {}) as Record<string, unknown>;
    return {
      channelId,
      endUserId: sub,
      threadId,
      profile: { firstName: optionalString(p.firstName), lastName: optionalString(p.lastName), nickname: optionalString(p.nickname) },
    };
  }
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match ? match[1]! : null;
}
