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

/**
 * How other modules find brands, integrations and channels, and open what is sealed in them. Everything that is not
 * looked up by a globally unique public id takes the brand id first.
 */
@Injectable()
export class ChannelDirectory {
  constructor(
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
    return this.channels.findLiveByDfoChannelId(dfoChannelId);
  }

  /** The Integration Box's ownership check: the live channel, only if it belongs to the token's integration. */
  findForIntegration(integrationId: string, dfoChannelId: string): Promise<ChannelEntity | null> {
    return this.channels.findLiveForIntegration(integrationId, dfoChannelId);
  }

  /** Any channel of the brand, removed ones included (threads keep pointing at them). */
  findById(brandId: string, channelId: string): Promise<ChannelEntity | null> {
    return this.channels.findById([brandId], channelId);
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
    const adapter = this.adapters.get(channel.adapter);
    return {
      id: channel.id,
      brandId: channel.brandId,
      dfoChannelId: channel.dfoChannelId,
      config: this.sealer.open(channel.id, adapter, channel.adapterConfig),
      settings: channel.settings,
    };
  }

  /** The brand's DFO credentials with the secret opened; fails with `BRAND.NOT_FOUND`. */
  async credentialsForBrand(brandId: string): Promise<DfoBrandCredentials> {
    const brand = await this.getBrand(brandId);
    if (!brand) throw brandNotFound(brandId);
    return toDfoCredentials(brand, this.box);
  }
}
