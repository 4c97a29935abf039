import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { MessageEntity, MessageStatus } from '../../threads/message.entity';
import { textOf } from '../../messages/delivery/dfo-message.mapper';
import { WebchatEventRepository } from '../../platform-adapters/webchat/events/webchat-event.repository';
import { WebchatSessionContext } from '../http/webchat-context';
import { clientMessageIdOf } from '../../platform-adapters/webchat/webchat-inbound';
import { canStartNewConversation } from '../../platform-adapters/webchat/conversation-policy';
import type { WebchatDeliveryStatus, WebchatHistory, WebchatHistoryMessage } from '../webchat.wire';
import { WebchatConversationRepository } from './webchat-conversation.repository';

const DELIVERY: Record<MessageStatus, WebchatDeliveryStatus> = {
  accepted: 'sent',
  sent_to_dfo: 'delivered',
  sent: 'delivered',
  delivered: 'delivered',
  seen: 'delivered',
  failed: 'failed',
  blocked: 'blocked',
};

/** The history a widget shows after a reload; at most this many messages. */
const HISTORY_LIMIT = 200;

/** The text the widget was shown when the conversation closed; the channel's `closedText` if it was never told. */
function closedTextOf(eventData: Record<string, unknown> | undefined, fallback: string): string | null {
  if (!eventData) return fallback;
  return typeof eventData.text === 'string' ? eventData.text : null;
}

@Injectable()
export class WebchatHistoryService {
  constructor(
    private readonly conversations: WebchatConversationRepository,
    private readonly events: WebchatEventRepository,
    private readonly clock: Clock,
  ) {}

  async history(ctx: WebchatSessionContext): Promise<WebchatHistory> {
    const { brandId, id: channelId, settings } = ctx.channel;
    const { threadId: conversationId, endUserId } = ctx.session;
    // The event id first: anything recorded while the rest is read has a higher id, so the stream brings it.
    const lastEventId = await this.events.lastId(brandId, { channelId, conversationId });
    const thread = await this.conversations.latestThread(brandId, channelId, conversationId);
    const messages = thread ? await this.conversations.messages(brandId, channelId, conversationId, HISTORY_LIMIT) : [];
    const closed = thread?.status === 'closed' ? thread : null;
    const [closedEvent] = closed ? await this.events.listOfTypes(brandId, { channelId, conversationId }, ['closed'], 1) : [];
    return {
      threadId: conversationId,
      status: thread?.status ?? 'new',
      closedReason: closed?.closedReason ?? null,
      closedText: closed ? closedTextOf(closedEvent?.data, settings.closedText) : null,
      canStartNew: closed?.closedReason ? canStartNewConversation(closed.closedReason, settings) : false,
      idleWarningText: thread?.status === 'idle_warning' ? settings.idleWarningText : null,
      closesAt: thread?.status === 'idle_warning' ? (thread.closeDeadlineAt?.toISOString() ?? null) : null,
      lastEventId,
      serverTime: this.clock.now().toISOString(),
      messages: messages.map((m) => this.mapMessage(m, endUserId)),
    };
  }

  private mapMessage(m: MessageEntity, endUserId: string): WebchatHistoryMessage {
    const inbound = m.direction === 'inbound';
    return {
      id: m.idOnExternalPlatform,
      clientMessageId: inbound ? clientMessageIdOf(endUserId, m.idOnExternalPlatform) : null,
      direction: m.direction,
      authorKind: m.authorKind,
      agentName: m.agent?.name ?? null,
      text: textOf(m.content),
      attachments: (m.attachments ?? []).map(({ url, name }) => ({ url, name })),
      deliveryStatus: inbound ? DELIVERY[m.status] : null,
      createdAt: (m.platformCreatedAt ?? m.createdAt).toISOString(),
    };
  }
}
