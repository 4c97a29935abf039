import { Injectable } from '@nestjs/common';
import { ChannelDirectory } from '../../../channel-registry/channel-directory.service';
import { Delivery, DeliveryHandler } from '../../../outbox/outbox.types';
import { AdapterRegistry } from '../../../platform-adapters/adapter-registry';
import { LifecycleEvent } from '../../../platform-adapters/platform-adapter';
import { PlatformAdapterError } from '../../../platform-adapters/platform-adapters.errors';
import { PlatformEventPayload } from '../lifecycle-deliveries';
import { ThreadRepository } from '../../thread.repository';

/**
 * `platform.event`: tells the platform about an idle warning, a resume or a close, through the channel's adapter
 * (`sendLifecycle`), which shows the text to the end user. Adapter failures are thrown as they are, so the outbox
 * retries `RETRYABLE` ones and gives up on the rest.
 */
@Injectable()
export class PlatformEventHandler implements DeliveryHandler<'platform.event'> {
  readonly kind = 'platform.event' as const;

  constructor(
    private readonly channels: ChannelDirectory,
    private readonly adapters: AdapterRegistry,
    private readonly threads: ThreadRepository,
  ) {}

  async handle(delivery: Delivery<'platform.event'>): Promise<void> {
    const channel = delivery.channelId ? await this.channels.findById(delivery.brandId, delivery.channelId) : null;
    if (!channel) throw new PlatformAdapterError('REJECTED', `Channel ${delivery.channelId} of this lifecycle event no longer exists`);
    const adapterChannel = this.channels.adapterChannel(channel);
    await this.adapters.get(channel.adapter).sendLifecycle(adapterChannel, toLifecycleEvent(delivery.payload));
  }

  /** Given up: the thread's timeline shows it, for support to retry once the cause is fixed. */
  onDead(delivery: Delivery<'platform.event'>, reason: string): Promise<void> {
    return this.threads.recordDeadDelivery(delivery.brandId, delivery, reason);
  }
}

export function toLifecycleEvent(payload: PlatformEventPayload): LifecycleEvent {
  switch (payload.type) {
    case 'conversation.idle_warning':
      return { ...payload, closesAt: new Date(payload.closesAt) };
    case 'conversation.resumed':
    case 'conversation.closed':
      return payload;
    default:
      throw new PlatformAdapterError('INVALID_PAYLOAD', `Unknown lifecycle event type "${(payload as { type?: unknown }).type}"`);
  }
}
