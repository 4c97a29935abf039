import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { Clock } from '../../core/clock/clock';
import { DfoClient } from '../../dfo-client/dfo-client';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageRepository } from '../message.repository';
import { MessagesError } from '../messages.errors';
import { Delivery, DeliveryHandler, HandlerResult } from '../../outbox/outbox.types';
import { toDfoNewMessage } from './dfo-message.mapper';
import { EndUserStatusNotifier } from './end-user-status.notifier';
import { MessageContextLoader } from './message-context';

/**
 * `dfo.create_message`: posts an end user's message to DFO (b.2), then keeps the case number DFO answered with
 * (`consumerContact.id` → `threads.dfo_contact_id`) and marks the message `sent_to_dfo`. A message already past
 * `accepted` was sent by an earlier attempt whose bookkeeping was cut short: it is not sent twice. Platforms that
 * show delivery ticks (the web chat) hear `delivered`, or `failed` when the outbox gives up.
 */
@Injectable()
export class DfoCreateMessageHandler implements DeliveryHandler<'dfo.create_message'> {
  readonly kind = 'dfo.create_message' as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly context: MessageContextLoader,
    private readonly directory: ChannelDirectory,
    private readonly dfo: DfoClient,
    private readonly messages: MessageRepository,
    private readonly threads: ThreadRepository,
    private readonly endUserStatus: EndUserStatusNotifier,
    private readonly clock: Clock,
  ) {}

  async handle(delivery: Delivery<'dfo.create_message'>): Promise<HandlerResult> {
    const { messageId } = delivery.payload;
    const { message, thread, channel, endUser } = await this.context.load(delivery.brandId, messageId);
    if (message.status !== 'accepted') return 'skipped';
    if (!endUser) throw new MessagesError('MESSAGE.CONTEXT_MISSING', `Message ${messageId} has no author`);
    const credentials = await this.directory.credentialsForBrand(delivery.brandId);
    const answer = await this.dfo.createMessage(credentials, channel.dfoChannelId, toDfoNewMessage(message, thread, endUser));
    const contact = answer.consumerContact;
    await this.dataSource.transaction(async (manager) => {
      // Thread first, then message: the order the inbound path takes. The other order can deadlock with a replay of
      // this very message (whose insert waits on the message row while it holds the thread), and a bookkeeping
      // transaction that loses after DFO accepted would leave the message `accepted`, so the retry would send it twice.
      await this.threads.lockById(delivery.brandId, thread.id, manager);
      await this.messages.transition(delivery.brandId, message.id, ['accepted'], 'sent_to_dfo', {}, manager);
      if (contact?.id) await this.threads.storeDfoContact(delivery.brandId, thread.id, String(contact.id), contact.status, this.clock.now(), manager);
    });
    await this.endUserStatus.notify(channel, { threadId: thread.idOnExternalPlatform, messageId: message.idOnExternalPlatform, status: 'delivered' });
  }

  async onDead(delivery: Delivery<'dfo.create_message'>, reason: string): Promise<void> {
    const { messageId } = delivery.payload;
    if (!(await this.messages.transition(delivery.brandId, messageId, ['accepted'], 'failed', { statusReason: reason }))) return;
    await this.threads.recordDeadDelivery(delivery.brandId, { ...delivery, messageId }, reason);
    const { message, thread, channel } = await this.context.load(delivery.brandId, messageId);
    await this.endUserStatus.notify(channel, { threadId: thread.idOnExternalPlatform, messageId: message.idOnExternalPlatform, status: 'failed' });
  }
}
