import { Injectable } from '@nestjs/common';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { DfoClient } from '../../dfo-client/dfo-client';
import { DfoError } from '../../dfo-client/dfo.errors';
import { Delivery, DeliveryHandler, HandlerResult } from '../../outbox/outbox.types';
import { MessageContextLoader } from './message-context';

/**
 * `dfo.message_status`: tells DFO an agent message was `delivered`, `seen` or finally `failed` (b.3), keyed by the
 * id we answered DFO with. DFO learns that id from our answer to its reply call, which may still be on its way when
 * the first status goes out: a 404 is retried a few times before it counts.
 */
@Injectable()
export class DfoMessageStatusHandler implements DeliveryHandler<'dfo.message_status'> {
  readonly kind = 'dfo.message_status' as const;
  readonly maxAttempts = 6;

  constructor(
    private readonly context: MessageContextLoader,
    private readonly directory: ChannelDirectory,
    private readonly dfo: DfoClient,
  ) {}

  async handle(delivery: Delivery<'dfo.message_status'>): Promise<HandlerResult> {
    const { payload } = delivery;
    const { message, channel } = await this.context.load(delivery.brandId, payload.messageId);
    const credentials = await this.directory.credentialsForBrand(delivery.brandId);
    const status = { status: payload.status, updatedAt: payload.updatedAt, ...(payload.reason ? { reason: payload.reason } : {}) };
    try {
      await this.dfo.setMessageStatus(credentials, channel.dfoChannelId, message.idOnExternalPlatform, status);
    } catch (err) {
      if (err instanceof DfoError && err.kind === 'NOT_FOUND') {
        throw new DfoError('RETRYABLE', `DFO does not know message ${message.idOnExternalPlatform} yet`, { operation: err.extra.operation, httpStatus: 404 });
      }
      throw err;
    }
  }
}
