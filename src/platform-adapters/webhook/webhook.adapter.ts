import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { FieldProblem } from '../../core/errors/domain-error';
import {
  AdapterChannel,
  InboundEvent,
  InboundRequest,
  LifecycleEvent,
  OutboundMessage,
  PlatformAdapter,
  SendResult,
} from '../platform-adapter';
import { PlatformAdapterError } from '../platform-adapters.errors';
import { readWebhookConfig, validateWebhookConfig, WEBHOOK_DESCRIPTOR, WebhookConfig } from './webhook-config';
import { parseWebhookEvents } from './webhook-events';
import { postSigned } from './webhook-http';
import { verifyWebhookSignature } from './webhook-signature';

/**
 * The generic signed-JSON webhook platform (docs/architecture.md §6.3). Inbound: `POST /webhooks/{channelId}` signed with
 * `X-Byoc-Timestamp`/`X-Byoc-Signature` by any active secret. Outbound: one signed POST per event to the channel's
 * `outboundUrl`, signed with the first secret. Stateless: the channel's config arrives with every call.
 */
@Injectable()
export class WebhookAdapter extends PlatformAdapter {
  readonly name = 'webhook' as const;
  readonly descriptor = WEBHOOK_DESCRIPTOR;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  validateConfig(config: Record<string, unknown>): FieldProblem[] {
    return validateWebhookConfig(config);
  }

  /** Verifies before it parses, so an unsigned caller learns nothing about the payload format. */
  async parseInbound(channel: AdapterChannel, request: InboundRequest): Promise<InboundEvent[]> {
    const config = readWebhookConfig(channel.config);
    const check = config
      ? verifyWebhookSignature({ secrets: config.signingSecrets, headers: request.headers, rawBody: request.rawBody, now: request.receivedAt })
      : { ok: false as const, reason: 'channel has no valid signing secrets' };
    if (!check.ok) throw new PlatformAdapterError('AUTH_FAILED', `webhook signature rejected: ${check.reason}`);
    return parseWebhookEvents(request.rawBody, request.receivedAt);
  }

  async sendMessage(channel: AdapterChannel, message: OutboundMessage): Promise<SendResult> {
    const answer = await this.post(channel, {
      type: 'message',
      id: message.id,
      threadId: message.threadId,
      recipient: { id: message.recipient.id },
      text: message.text,
      attachments: message.attachments.map(({ url, name }) => ({ url, name })),
      agent: { name: message.agent?.name ?? null },
    });
    return { platformMessageId: platformMessageId(answer) };
  }

  /** Same body as a reply: the platform learns of the conversation from a `threadId` it has not seen before. */
  startConversation(channel: AdapterChannel, message: OutboundMessage): Promise<SendResult> {
    return this.sendMessage(channel, message);
  }

  async sendTyping(channel: AdapterChannel, threadId: string, on: boolean): Promise<void> {
    await this.post(channel, { type: 'typing', threadId, on });
  }

  async sendLifecycle(channel: AdapterChannel, event: LifecycleEvent): Promise<void> {
    switch (event.type) {
      case 'conversation.idle_warning':
        await this.post(channel, { type: event.type, threadId: event.threadId, text: event.text, closesAt: event.closesAt.toISOString() });
        return;
      case 'conversation.resumed':
        await this.post(channel, { type: event.type, threadId: event.threadId });
        return;
      case 'conversation.closed':
        await this.post(channel, { type: event.type, threadId: event.threadId, reason: event.reason, text: event.text ?? null });
        return;
    }
  }

  private post(channel: AdapterChannel, body: Record<string, unknown>): Promise<unknown> {
    const config = this.channelConfig(channel);
    return postSigned({
      url: config.outboundUrl,
      secret: config.signingSecrets[0],
      body,
      now: this.clock.now(),
      timeoutMs: this.config.platform.timeoutMs,
    });
  }

  /** Configs are validated when saved, so this only trips on corrupt data; retrying would not fix it. */
  private channelConfig(channel: AdapterChannel): WebhookConfig {
    const config = readWebhookConfig(channel.config);
    if (!config) throw new PlatformAdapterError('REJECTED', `channel ${channel.id} has an invalid webhook config`);
    return config;
  }
}

function platformMessageId(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const id = (answer as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null;
}
