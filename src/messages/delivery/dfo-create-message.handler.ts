import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { DfoClient } from '../../dfo-client/dfo-client';
import { DfoCredentials } from '../../dfo-client/dfo-credentials';
import { DfoContact } from '../../dfo-client/dfo.types';
import { ThreadRepository } from '../../threads/thread.repository';
import { MessageRepository } from '../message.repository';
import { MessagesError } from '../messages.errors';
import { Delivery, DeliveryHandler, HandlerResult } from '../../outbox/outbox.types';
import { CaseGate } from './case-gate';
import { toDfoNewMessage } from './dfo-message.mapper';
import { EndUserStatusNotifier } from './end-user-status.notifier';
import { MessageContext, MessageContextLoader } from './message-context';

/**
 * `dfo.create_message`: posts an end user's message to DFO (b.2), then keeps the case number DFO answered with
 * (`consumerContact.id` → `threads.dfo_contact_id`) and marks the message `sent_to_dfo`, in one statement. Platforms
 * that show delivery ticks (the web chat) hear `delivered`, or `failed` when the outbox gives up.
 *
 * No duplicate at DFO, even across a crash: a message already past `accepted` is not sent again, and a delivery on
 * its second or later attempt (the first one timed out, failed, or died with its instance while the call was out)
 * first asks DFO whether it has the message (b.8 `GET /messages?idOnExternalPlatform[]=…`) and only posts it when
 * DFO does not. Before a first post, `CaseGate` makes sure the agent has not ended the conversation meanwhile.
 */
@Injectable()
export class DfoCreateMessageHandler implements DeliveryHandler<'dfo.create_message'> {
  readonly kind = 'dfo.create_message' as const;
  private readonly logger = new Logger(DfoCreateMessageHandler.name);
  private readonly checkRefreshMs: number;

  constructor(
    private readonly context: MessageContextLoader,
    private readonly gate: CaseGate,
    private readonly directory: ChannelDirectory,
    private readonly dfo: DfoClient,
    private readonly messages: MessageRepository,
    private readonly threads: ThreadRepository,
    private readonly endUserStatus: EndUserStatusNotifier,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // DFO's answer carries the case status, so it counts as a check. Recording it on every message would write the
    // thread each time; every half period is enough to keep an active conversation fresh for the case gate and out
    // of the sync loop's reads.
    this.checkRefreshMs = Math.min(config.lifecycle.caseStatusStaleSeconds * 1000, config.lifecycle.caseSyncIntervalMs) / 2;
  }

  async handle(delivery: Delivery<'dfo.create_message'>): Promise<HandlerResult> {
    const { messageId } = delivery.payload;
    const loaded = await this.context.load(delivery.brandId, messageId);
    if (loaded.message.status !== 'accepted') return 'skipped';
    const credentials = await this.directory.credentialsForBrand(delivery.brandId);
    const earlier = delivery.attempts > 1 ? await this.alreadyAtDfo(credentials, loaded, delivery) : undefined;
    const atDfo = earlier !== undefined;
    const ctx = atDfo ? loaded : await this.gate.check(loaded);
    if (!ctx) return 'skipped';
    const { message, thread, channel, endUser } = ctx;
    if (!endUser) throw new MessagesError('MESSAGE.CONTEXT_MISSING', `Message ${messageId} has no author`);
    const contact = atDfo ? earlier : (await this.dfo.createMessage(credentials, channel.dfoChannelId, toDfoNewMessage(message, thread, endUser))).consumerContact;
    const at = this.clock.now();
    const refreshCheckBefore = new Date(at.getTime() - this.checkRefreshMs);
    await this.messages.markSentToDfo(delivery.brandId, message.id, thread.id, contact?.id ? { id: String(contact.id), status: contact.status } : null, at, refreshCheckBefore);
    await this.endUserStatus.notify(channel, { threadId: thread.idOnExternalPlatform, messageId: message.idOnExternalPlatform, status: 'delivered' });
  }

  async onDead(delivery: Delivery<'dfo.create_message'>, reason: string): Promise<void> {
    const { messageId } = delivery.payload;
    if (!(await this.messages.transition(delivery.brandId, messageId, ['accepted'], 'failed', { statusReason: reason }))) return;
    await this.threads.recordDeadDelivery(delivery.brandId, { ...delivery, messageId }, reason);
    const { message, thread, channel } = await this.context.load(delivery.brandId, messageId);
    await this.endUserStatus.notify(channel, { threadId: thread.idOnExternalPlatform, messageId: message.idOnExternalPlatform, status: 'failed' });
  }

  /**
   * An earlier attempt's outcome is unknown: does DFO have the message? Its case (the contact number) when it does,
   * `null` for "yes, without a case number", `undefined` for "no".
   */
  private async alreadyAtDfo(credentials: DfoCredentials, ctx: MessageContext, delivery: Delivery<'dfo.create_message'>): Promise<Pick<DfoContact, 'id' | 'status'> | null | undefined> {
    const { message, channel } = ctx;
    const found = await this.dfo.findMessages(credentials, { idOnExternalPlatform: [message.idOnExternalPlatform], channel: [channel.dfoChannelId], direction: 'inbound' });
    const hit = found.data.find(
      (m) => m.idOnExternalPlatform === message.idOnExternalPlatform && (m.channel?.id ?? channel.dfoChannelId) === channel.dfoChannelId && (m.direction ?? 'inbound') === 'inbound',
    );
    if (!hit) return undefined;
    this.logger.log({ deliveryId: delivery.id, brandId: delivery.brandId, messageId: message.id, attempts: delivery.attempts }, 'DFO already has this message; not sending it again');
    return hit.contactNumber ? { id: hit.contactNumber } : null;
  }
}
