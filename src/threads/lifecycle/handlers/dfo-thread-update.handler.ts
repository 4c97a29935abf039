import { Injectable } from '@nestjs/common';
import { ChannelDirectory } from '../../../channel-registry/channel-directory.service';
import { DfoClient } from '../../../dfo-client/dfo-client';
import { DfoError } from '../../../dfo-client/dfo.errors';
import { Delivery, DeliveryHandler } from '../../../outbox/outbox.types';
import { ThreadRepository } from '../../thread.repository';

/**
 * `dfo.thread_update`: locks the DFO thread of a conversation the agent ended (`canAddMoreMessages: false`), so the
 * end user cannot add to it in DFO either.
 */
@Injectable()
export class DfoThreadUpdateHandler implements DeliveryHandler<'dfo.thread_update'> {
  readonly kind = 'dfo.thread_update' as const;

  constructor(
    private readonly threads: ThreadRepository,
    private readonly channels: ChannelDirectory,
    private readonly dfo: DfoClient,
  ) {}

  async handle(delivery: Delivery<'dfo.thread_update'>): Promise<void> {
    const refs = delivery.threadId ? await this.threads.findDfoRefs(delivery.brandId, delivery.threadId) : null;
    const channel = delivery.channelId ? await this.channels.findById(delivery.brandId, delivery.channelId) : null;
    if (!refs || !channel) throw new DfoError('NOT_FOUND', 'The thread or channel of this thread update no longer exists', { operation: 'updateThread' });
    const credentials = await this.channels.credentialsForBrand(delivery.brandId);
    await this.dfo.updateThread(credentials, channel.dfoChannelId, refs.dfoThreadRef, { canAddMoreMessages: delivery.payload.canAddMoreMessages === true });
  }

  /** Given up: the thread's timeline shows it, for support to retry once the cause is fixed. */
  onDead(delivery: Delivery<'dfo.thread_update'>, reason: string): Promise<void> {
    return this.threads.recordDeadDelivery(delivery.brandId, delivery, reason);
  }
}
