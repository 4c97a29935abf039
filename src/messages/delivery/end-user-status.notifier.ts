import { Injectable, Logger } from '@nestjs/common';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { AdapterRegistry } from '../../platform-adapters/adapter-registry';
import { DeliveryStatusUpdate } from '../../platform-adapters/platform-adapter';
import { classifyFailure } from '../../outbox/retry-policy';

/**
 * Shows end users what became of their own messages (`delivered` to DFO, finally `failed`, or `blocked` on a
 * conversation the agent ended), on platforms whose adapter can (the web chat). Best effort and never retried:
 * a stale tick under a message is worth less than an outbox row. Call it outside any transaction.
 */
@Injectable()
export class EndUserStatusNotifier {
  private readonly logger = new Logger(EndUserStatusNotifier.name);

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly directory: ChannelDirectory,
  ) {}

  async notify(channel: ChannelEntity, update: DeliveryStatusUpdate): Promise<void> {
    const adapter = this.adapters.get(channel.adapter);
    if (!adapter.sendDeliveryStatus) return;
    try {
      await adapter.sendDeliveryStatus(this.directory.adapterChannel(channel), update);
    } catch (err) {
      this.logger.warn({ brandId: channel.brandId, channelId: channel.id, status: update.status, reason: classifyFailure(err).reason }, 'End-user delivery status not shown');
    }
  }
}
