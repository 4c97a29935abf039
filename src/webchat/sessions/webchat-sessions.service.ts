import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { WebchatContext } from '../http/webchat-context';
import { canStartNewConversation } from '../../platform-adapters/webchat/conversation-policy';
import { WebchatConversationRepository } from './webchat-conversation.repository';
import { EndUserProfile, WebchatSession, WebchatSessionTokens } from '../../platform-adapters/webchat/webchat-session-tokens';

export interface SessionView {
  sessionToken: string;
  threadId: string;
  endUserId: string;
  /** How the widget presents the channel (its own settings, not the visitor's). */
  widget: { title?: string; welcomeText?: string; themeColor?: string; maxTextLength: number };
}

/**
 * Starts and resumes web chat sessions. A session costs no row: the visitor and the conversation are ids in a signed
 * token, and they are recorded with the first message. Resuming keeps the conversation, except after a close that
 * the channel's policy lets the visitor move on from, or when an agent has since started a newer one with them.
 */
@Injectable()
export class WebchatSessionsService {
  constructor(
    private readonly tokens: WebchatSessionTokens,
    private readonly conversations: WebchatConversationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(ctx: WebchatContext, profile: EndUserProfile | undefined): Promise<{ resumed: boolean; view: SessionView }> {
    if (!ctx.session) {
      const session: WebchatSession = { channelId: ctx.channel.id, endUserId: randomUUID(), threadId: randomUUID(), profile: profile ?? {} };
      return { resumed: false, view: this.view(ctx, session) };
    }
    const threadId = await this.conversationToResume(ctx, ctx.session);
    const merged = { ...ctx.session.profile, ...definedOnly(profile ?? {}) };
    return { resumed: true, view: this.view(ctx, { ...ctx.session, threadId, profile: merged }) };
  }

  private async conversationToResume(ctx: WebchatContext, session: WebchatSession): Promise<string> {
    const brandId = ctx.channel.brandId;
    const thread = await this.conversations.latestThread(brandId, ctx.channel.id, session.threadId);
    if (thread?.status === 'closed' && thread.closedReason && canStartNewConversation(thread.closedReason, ctx.channel.settings)) {
      return randomUUID();
    }
    const newer = await this.conversations.newerLiveConversation(brandId, ctx.channel.id, session.endUserId, thread?.createdAt ?? null);
    return newer ?? session.threadId;
  }

  private view(ctx: WebchatContext, session: WebchatSession): SessionView {
    const { token } = this.tokens.sign(session);
    const { title, welcomeText, themeColor } = ctx.config;
    return {
      sessionToken: token,
      threadId: session.threadId,
      endUserId: session.endUserId,
      widget: { ...definedOnly({ title, welcomeText, themeColor }), maxTextLength: this.config.webchat.maxTextLength },
    };
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
