import { Inject, Injectable } from '@nestjs/common';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { DfoClient } from '../../dfo-client/dfo-client';
import { DfoError } from '../../dfo-client/dfo.errors';
import { Delivery, DeliveryHandler, HandlerResult } from '../../outbox/outbox.types';
import { MessageContextLoader } from './message-context';

/**
 * `dfo.sender_action`: end-user typing shown to the agent (b.5). Best effort: older than `OUTBOX_TYPING_STALE_MS` it
 * is dropped unsent (the moment has passed), it gets two attempts at most, and a thread DFO does not know yet (its
 * first message is still on the way) is not worth an error.
 */
@Injectable()
export class DfoSenderActionHandler implements DeliveryHandler<'dfo.sender_action'> {
  readonly kind = 'dfo.sender_action' as const;
  readonly maxAttempts = 2;

  constructor(
    private readonly context: MessageContextLoader,
    private readonly directory: ChannelDirectory,
    private readonly dfo: DfoClient,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(delivery: Delivery<'dfo.sender_action'>): Promise<HandlerResult> {
    const { payload } = delivery;
    if (this.clock.now().getTime() - Date.parse(payload.at) > this.config.outbox.typingStaleMs) return 'skipped';
    const { thread, channel } = await this.context.loadThread(delivery.brandId, payload.threadId);
    const credentials = await this.directory.credentialsForBrand(delivery.brandId);
    try {
      await this.dfo.sendSenderAction(credentials, channel.dfoChannelId, thread.dfoThreadRef, payload.on ? 'isTypingOn' : 'isTypingOff');
    } catch (err) {
      if (err instanceof DfoError && err.kind === 'NOT_FOUND') return 'skipped';
      throw err;
    }
  }
}
