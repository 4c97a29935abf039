import { Injectable } from '@nestjs/common';
import { SecretBox } from '../core/crypto/secret-box';
import { DfoBrandCredentials } from '../dfo-client/dfo-credentials';
import { AdapterRegistry } from '../platform-adapters/adapter-registry';
import { AdapterChannel } from '../platform-adapters/platform-adapter';
import { AdapterConfigSealer } from './adapter-config-sealer';
import { BrandEntity } from './brand.entity';
import { BrandRepository } from './brand.repository';
import { toDfoCredentials } from './brand-credentials';
import { ChannelEntity } from './channel.entity';
import { ChannelRepository } from './channel.repository';
import { brandNotFound } from './channel-registry.errors';
import { IntegrationEntity } from './integration.entity';
import { IntegrationRepository } from './integration.repository';
import { MtlsPolicy, TrustedCaRepository } from './mtls/trusted-ca.repository';
import { RegistryCache } from './registry-cache';

/**
 * How other modules find brands, integrations and channels, and open what is sealed in them. Everything that is not
 * looked up by a globally unique public id takes the brand id first.
 *
 * The lookups of the message paths (a webhook's channel, a delivery's channel and credentials) are served by
 * `RegistryCache`: read per message, changed rarely, and dropped on every instance when the admin API changes them.
 * Opened adapter configs are kept with the cached channel object they were opened from.
 */
@Injectable()
export class ChannelDirectory {
  private readonly opened = new WeakMap<ChannelEntity, AdapterChannel>();

  constructor(
    private readonly cache: RegistryCache,
    private readonly brands: BrandRepository,
    private readonly integrations: IntegrationRepository,
    private readonly channels: ChannelRepository,
    private readonly trustedCas: TrustedCaRepository,
    private readonly adapters: AdapterRegistry,
    private readonly sealer: AdapterConfigSealer,
    private readonly box: SecretBox,
  ) {}

  /** The live (not removed) channel of a public inbound path (`/webhooks/{id}`, `/webchat/{id}`); its brand then scopes everything. */
  findByDfoChannelId(dfoChannelId: string): Promise<ChannelEntity | null> {
    return this.cache.get(`dfo-channel:${dfoChannelId}`, () => this.channels.findLiveByDfoChannelId(dfoChannelId), (c) => c.brandId);
  }

  /** The Integration Box's ownership check: the live channel, only if it belongs to the token's integration. */
  findForIntegration(integrationId: string, dfoChannelId: string): Promise<ChannelEntity | null> {
    return this.channels.findLiveForIntegration(integrationId, dfoChannelId);
  }

  /** Any channel of the brand, removed ones included (threads keep pointing at them). */
  findById(brandId: string, channelId: string): Promise<ChannelEntity | null> {
    return this.cache.get(`channel:${brandId}:${channelId}`, () => this.channels.findById([brandId], channelId), (c) => c.brandId);
  }

  getIntegration(brandId: string, integrationId: string): Promise<IntegrationEntity | null> {
    return this.integrations.findById([brandId], integrationId);
  }

  /** For the token endpoint only: the client id is what identifies the integration (and so the brand). */
  findIntegrationByClientId(clientId: string): Promise<IntegrationEntity | null> {
    return this.integrations.findByClientId(clientId);
  }

  /** The integration's mTLS mode and trusted CAs, which the token endpoint and the Integration Box check callers against. */
  mtlsPolicy(brandId: string, integrationId: string): Promise<MtlsPolicy | null> {
    return this.trustedCas.policy(brandId, integrationId);
  }

  getBrand(brandId: string): Promise<BrandEntity | null> {
    return this.brands.findById([brandId], brandId);
  }

  /** What an adapter needs about a channel: its config with the secrets opened, and its lifecycle settings. */
  adapterChannel(channel: ChannelEntity): AdapterChannel {
    const known = this.opened.get(channel);
    if (known) return known;
    const adapter = this.adapters.get(channel.adapter);
    const opened: AdapterChannel = {
      id: channel.id,
      brandId: channel.brandId,
      dfoChannelId: channel.dfoChannelId,
      config: this.sealer.open(channel.id, adapter, channel.adapterConfig),
      settings: channel.settings,
    };
    this.opened.set(channel, opened);
    return opened;
  }

  /** The brand's DFO credentials with the secret opened; fails with `BRAND.NOT_FOUND`. */
  async credentialsForBrand(brandId: string): Promise<DfoBrandCredentials> {
    const load = async () => {
      const brand = await this.getBrand(brandId);
      return brand ? toDfoCredentials(brand, this.box) : null;
    };
    const credentials = await this.cache.get(`credentials:${brandId}`, load, () => brandId);
    if (!credentials) throw brandNotFound(brandId);
    return credentials;
  }

  /** Call after changing a brand or one of its channels outside the admin services (which call it themselves). */
  changed(brandId: string): void {
    this.cache.changed(brandId);
  }
}
