import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { FieldProblem } from '../../core/errors/domain-error';
import {
  AdapterChannel,
  DeliveryStatusUpdate,
  InboundEvent,
  InboundRequest,
  LifecycleEvent,
  OutboundMessage,
  PlatformAdapter,
  SendResult,
} from '../platform-adapter';
import { PlatformAdapterError } from '../platform-adapters.errors';
import { WebchatEventLog } from './events/webchat-event-log';
import { canStartNewConversation } from './conversation-policy';
import { bearerToken, WebchatSessionTokens } from './webchat-session-tokens';
import { validateWebchatConfig, WEBCHAT_DESCRIPTOR } from './webchat-config';
import { readWebchatCall, toInboundEvents } from './webchat-inbound';
import { WebchatError } from './webchat.errors';

/**
 * Our own web chat (docs/architecture.md §6.4). Inbound, the web chat controller hands over one API call with the
 * visitor's session token; the adapter checks the token and turns the call into events. Outbound, "sending" means
 * recording a web chat event: the browser's Server-Sent Events stream gets it at once when it is open, and replays it
 * after a reconnect otherwise, so a send succeeds whether or not the visitor is online.
 */
@Injectable()
export class WebchatAdapter extends PlatformAdapter {
  readonly name = 'webchat' as const;
  readonly descriptor = WEBCHAT_DESCRIPTOR;

  constructor(
    private readonly log: WebchatEventLog,
    private readonly tokens: WebchatSessionTokens,
    private readonly clock: Clock,
  ) {
    super();
  }

  validateConfig(config: Record<string, unknown>): FieldProblem[] {
    return validateWebchatConfig(config);
  }

  async parseInbound(channel: AdapterChannel, request: InboundRequest): Promise<InboundEvent[]> {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new PlatformAdapterError('AUTH_FAILED', 'web chat session token missing');
    let session;
    try {
      session = this.tokens.verify(token, channel.id);
    } catch (err) {
      if (err instanceof WebchatError) throw new PlatformAdapterError('AUTH_FAILED', err.message);
      throw err;
    }
    const call = readWebchatCall(request.body);
    if (!call) throw new PlatformAdapterError('INVALID_PAYLOAD', 'not a web chat call', { field: 'kind' });
    return toInboundEvents(session, call, request.receivedAt);
  }

  async sendMessage(channel: AdapterChannel, message: OutboundMessage): Promise<SendResult> {
    const event = await this.log.record(channel.brandId, { channelId: channel.id, conversationId: message.threadId }, 'message', {
      id: message.id,
      authorKind: message.authorKind,
      agentName: message.agent?.name ?? null,
      text: message.text,
      attachments: message.attachments.map(({ url, name }) => ({ url, name })),
      createdAt: this.clock.now().toISOString(),
    });
    return { platformMessageId: event.id };
  }

  /** The conversation is already recorded under its new id; the visitor sees it when their widget next resumes. */
  startConversation(channel: AdapterChannel, message: OutboundMessage): Promise<SendResult> {
    return this.sendMessage(channel, message);
  }

  async sendTyping(channel: AdapterChannel, threadId: string, on: boolean): Promise<void> {
    await this.log.record(channel.brandId, { channelId: channel.id, conversationId: threadId }, 'typing', { on });
  }

  async sendLifecycle(channel: AdapterChannel, event: LifecycleEvent): Promise<void> {
    const key = { channelId: channel.id, conversationId: event.threadId };
    switch (event.type) {
      case 'conversation.idle_warning':
        await this.log.record(channel.brandId, key, 'idle_warning', { text: event.text, closesAt: event.closesAt.toISOString() });
        return;
      case 'conversation.resumed':
        await this.log.record(channel.brandId, key, 'resumed', {});
        return;
      case 'conversation.closed':
        await this.log.record(channel.brandId, key, 'closed', {
          reason: event.reason,
          text: event.text ?? null,
          canStartNew: canStartNewConversation(event.reason, channel.settings),
        });
        return;
    }
  }

  override async sendDeliveryStatus(channel: AdapterChannel, update: DeliveryStatusUpdate): Promise<void> {
    await this.log.record(channel.brandId, { channelId: channel.id, conversationId: update.threadId }, 'status', {
      messageId: update.messageId,
      status: update.status,
    });
  }
}
