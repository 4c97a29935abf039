import { ChannelEntity } from './channel.entity';
import { ChannelResponse } from './dto/channel.response';
import { PublicUrls } from './public-urls';

/** The exposed fields of a channel. `adapterConfig` must already be redacted (`AdapterConfigSealer.redact`). */
export function toChannelResponse(channel: ChannelEntity, redactedConfig: Record<string, unknown>, urls: PublicUrls): ChannelResponse {
  return {
    id: channel.id,
    brandId: channel.brandId,
    integrationId: channel.integrationId,
    dfoChannelId: channel.dfoChannelId,
    idOnExternalPlatform: channel.idOnExternalPlatform,
    realExternalPlatformId: channel.realExternalPlatformId,
    name: channel.name,
    adapter: channel.adapter,
    adapterConfig: redactedConfig,
    status: channel.status,
    settings: channel.settings,
    ...(channel.adapter === 'webhook' ? { webhookUrl: urls.webhookUrl(channel.dfoChannelId) } : {}),
    ...(channel.adapter === 'webchat' ? { widgetSnippet: urls.widgetSnippet(channel.dfoChannelId) } : {}),
    createdAt: channel.createdAt,
    updatedAt: channel.updatedAt,
  };
}
