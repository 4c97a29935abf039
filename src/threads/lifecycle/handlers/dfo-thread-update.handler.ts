import { Injectable } from '@nestjs/common';
import { ChannelDirectory } from '../../../channel-registry/channel-directory.service';
import { DfoClient } from '../../../dfo-client/dfo-client';
import { DfoError } from '../../../dfo-client/dfo.errors';
import { DeliveryEntity } from '../../../outbox/delivery.entity';
import { DeliveryHandler } from '../../../outbox/outbox.types';
import { LifecycleRepository } from '../lifecycle.repository';

/**
 * `dfo.thread_update`: locks the DFO thread of a conversation the agent ended (`canAddMoreMessages: false`), so the
 * end user cannot add to it in DFO either.
 */
@Injectable()
export class DfoThreadUpdateHandler implements DeliveryHandler {
  readonly kind = 'dfo.thread_update' as const;

  constructor(
    private readonly threads: LifecycleRepository,
    private readonly channels: ChannelDirectory,
    private readonly dfo: DfoClient,
  ) {}

  async handle(delivery: DeliveryEntity): Promise<void> {
    const refs = delivery.threadId ? await this.threads.findDfoRefs(delivery.brandId, delivery.threadId) : null;
    const channel = delivery.channelId ? await this.channels.findById(delivery.brandId, delivery.channelId) : null;
    if (!refs || !channel) throw new DfoError('NOT_FOUND', 'The thread or channel of this thread update no longer exists', { operation: 'updateThread' });
    const credentials = await this.channels.credentialsForBrand(delivery.brandId);
    const canAddMoreMessages = (delivery.payload as { canAddMoreMessages?: unknown }).canAddMoreMessages === true;
    await this.dfo.updateThread(credentials, channel.dfoChannelId, refs.dfoThreadRef, { canAddMoreMessages });
  }

  /** Given up: the thread's timeline shows it, for support to retry once the cause is fixed. */
  onDead(delivery: DeliveryEntity, reason: string): Promise<void> {
    return this.threads.recordDeadDelivery(delivery, reason);
  }
}
