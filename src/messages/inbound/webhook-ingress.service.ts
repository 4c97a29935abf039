import { Injectable } from '@nestjs/common';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { channelNotFound } from '../../channel-registry/channel-registry.errors';
import { Clock } from '../../core/clock/clock';
import { AdapterRegistry } from '../../platform-adapters/adapter-registry';
import { InboundRequest } from '../../platform-adapters/platform-adapter';
import { InboundService, IngestResult } from './inbound.service';

/**
 * `POST /webhooks/{channelId}`: the channel's adapter verifies (signature, freshness) and parses the request, so a
 * forged or malformed request is refused before anything is stored; then the events are ingested.
 */
@Injectable()
export class WebhookIngressService {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly adapters: AdapterRegistry,
    private readonly inbound: InboundService,
    private readonly clock: Clock,
  ) {}

  async receive(dfoChannelId: string, request: Omit<InboundRequest, 'receivedAt'>): Promise<IngestResult> {
    const channel = await this.directory.findByDfoChannelId(dfoChannelId);
    if (!channel) throw channelNotFound(dfoChannelId);
    const adapter = this.adapters.get(channel.adapter);
    const events = await adapter.parseInbound(this.directory.adapterChannel(channel), { ...request, receivedAt: this.clock.now() });
    return this.inbound.ingest(channel, events);
  }
}
