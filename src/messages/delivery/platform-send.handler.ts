import { Injectable } from '@nestjs/common';
import { MessageRepository } from '../message.repository';
import { Delivery, DeliveryHandler, HandlerResult } from '../../outbox/outbox.types';
import { MessageContextLoader } from './message-context';
import { PlatformSender, SENDABLE } from './platform-sender';

/**
 * `platform.send`: an agent reply or a system text the inline attempt could not deliver (or never made), retried
 * with backoff while the platform is down. A message already `sent` is skipped, so a late inline success and a
 * worker never both deliver it.
 */
@Injectable()
export class PlatformSendHandler implements DeliveryHandler<'platform.send'> {
  readonly kind = 'platform.send' as const;

  constructor(
    private readonly context: MessageContextLoader,
    private readonly sender: PlatformSender,
    private readonly messages: MessageRepository,
  ) {}

  async handle(delivery: Delivery<'platform.send'>): Promise<HandlerResult> {
    const { payload } = delivery;
    const ctx = await this.context.load(delivery.brandId, payload.messageId);
    if (!SENDABLE.includes(ctx.message.status)) return 'skipped';
    const result = await this.sender.send(ctx, payload.start === true);
    await this.sender.recordSent(ctx.message, result, false);
  }

  async onDead(delivery: Delivery<'platform.send'>, reason: string): Promise<void> {
    const { messageId } = delivery.payload;
    const message = await this.messages.findById(delivery.brandId, messageId);
    if (message) await this.sender.recordFailed(message, delivery, reason);
  }
}
