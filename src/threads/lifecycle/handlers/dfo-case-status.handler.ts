import { Injectable, Logger } from '@nestjs/common';
import { ChannelDirectory } from '../../../channel-registry/channel-directory.service';
import { DFO_CASE_STATUSES } from '../../../core/domain/dfo-case-status';
import { DfoClient } from '../../../dfo-client/dfo-client';
import { DfoError } from '../../../dfo-client/dfo.errors';
import { Delivery, DeliveryHandler, HandlerResult } from '../../../outbox/outbox.types';
import { ThreadRepository } from '../../thread.repository';

/**
 * `dfo.case_status`: sets the thread's DFO case to the payload's `status` (closed) (`PUT /contacts/{n}/status`). The case number is read from
 * the thread now: an earlier `dfo.create_message` of the same thread ran before this (per-thread order) and stored
 * it. A thread that never reached DFO has no case, and then there is nothing to close.
 */
@Injectable()
export class DfoCaseStatusHandler implements DeliveryHandler<'dfo.case_status'> {
  readonly kind = 'dfo.case_status' as const;
  private readonly logger = new Logger(DfoCaseStatusHandler.name);

  constructor(
    private readonly threads: ThreadRepository,
    private readonly channels: ChannelDirectory,
    private readonly dfo: DfoClient,
  ) {}

  async handle(delivery: Delivery<'dfo.case_status'>): Promise<HandlerResult> {
    const refs = delivery.threadId ? await this.threads.findDfoRefs(delivery.brandId, delivery.threadId) : null;
    if (!refs?.dfoContactId) {
      this.logger.log({ brandId: delivery.brandId, threadId: delivery.threadId, deliveryId: delivery.id }, 'No DFO case to close for this thread');
      return 'skipped';
    }
    const { status } = delivery.payload;
    // The row is jsonb: a status this version does not know (written by another) is refused, not sent.
    if (!DFO_CASE_STATUSES.includes(status)) {
      throw new DfoError('REJECTED', `Not a DFO case status: ${String(status)}`, { operation: 'setContactStatus' });
    }
    const credentials = await this.channels.credentialsForBrand(delivery.brandId);
    await this.dfo.setContactStatus(credentials, refs.dfoContactId, status);
  }

  /** Given up: the thread's timeline shows it, for support to retry once the cause is fixed. */
  onDead(delivery: Delivery<'dfo.case_status'>, reason: string): Promise<void> {
    return this.threads.recordDeadDelivery(delivery.brandId, delivery, reason);
  }
}
