import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { ValidationFailedError } from '../../core/errors/core.errors';
import { InboundService } from '../../messages/inbound/inbound.service';
import { AdapterRegistry } from '../../platform-adapters/adapter-registry';
import { Attachment } from '../../platform-adapters/platform-adapter';
import { SendMessageDto } from '../dto/webchat.dto';
import { WebchatSessionContext } from '../http/webchat-context';
import { inboundMessageId, WebchatCall } from '../../platform-adapters/webchat/webchat-inbound';
import { WebchatConversationRepository } from './webchat-conversation.repository';

/**
 * The visitor's calls (message, typing, heartbeat, leave): the web chat adapter turns each into normalised events,
 * and the inbound pipeline stores and forwards them like any platform's. The 2xx goes out after the commit.
 */
@Injectable()
export class WebchatCallsService {
  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly inbound: InboundService,
    private readonly conversations: WebchatConversationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sendMessage(ctx: WebchatSessionContext, dto: SendMessageDto): Promise<{ id: string }> {
    const text = dto.text ?? '';
    const attachments: Attachment[] = (dto.attachments ?? []).map(({ url, name }) => ({ url, name }));
    const max = this.config.webchat.maxTextLength;
    if (text.length > max) throw new ValidationFailedError([{ field: 'text', message: `text must be at most ${max} characters` }]);
    if (text.trim() === '' && attachments.length === 0) {
      throw new ValidationFailedError([{ field: 'text', message: 'text must not be empty unless there are attachments' }]);
    }
    const clientMessageId = dto.clientMessageId ?? randomUUID();
    await this.submit(ctx, { kind: 'message', clientMessageId, text, attachments });
    return { id: inboundMessageId(ctx.session.endUserId, clientMessageId) };
  }

  /**
   * Typing, heartbeat and leave are about a conversation; before its first message there is none (no thread, no
   * case in DFO), so there is nothing to tell anyone.
   */
  async signal(ctx: WebchatSessionContext, call: Exclude<WebchatCall, { kind: 'message' }>): Promise<void> {
    const thread = await this.conversations.latestThread(ctx.channel.brandId, ctx.channel.id, ctx.session.threadId);
    if (!thread) return;
    await this.submit(ctx, call);
  }

  private async submit(ctx: WebchatSessionContext, call: WebchatCall): Promise<void> {
    const adapter = this.adapters.get('webchat');
    const events = await adapter.parseInbound(ctx.adapterChannel, {
      headers: { authorization: `Bearer ${ctx.token}` },
      rawBody: Buffer.alloc(0),
      body: call,
      receivedAt: this.clock.now(),
    });
    await this.inbound.ingest(ctx.channel, events);
  }
}
