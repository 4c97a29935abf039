import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiPrincipal } from '../auth/current-principal.decorator';
import { hashSecret, randomToken } from '../core/crypto/hashing';
import { BrandRepository } from './brand.repository';
import { ChannelRepository } from './channel.repository';
import { brandNotFound, ChannelRegistryError, integrationNotFound } from './channel-registry.errors';
import { CreateIntegrationDto } from './dto/create-integration.dto';
import { UpdateIntegrationDto } from './dto/update-integration.dto';
import { CreatedIntegrationResponse, IntegrationResponse } from './dto/integration.response';
import { toIntegrationResponse } from './integration.mapper';
import { IntegrationEntity } from './integration.entity';
import { IntegrationPatch, IntegrationRepository } from './integration.repository';
import { TrustedCaRepository } from './mtls/trusted-ca.repository';
import { PublicUrls } from './public-urls';
import { RegistryCache } from './registry-cache';

@Injectable()
export class IntegrationsService {
  constructor(
    private readonly brands: BrandRepository,
    private readonly integrations: IntegrationRepository,
    private readonly channels: ChannelRepository,
    private readonly trustedCas: TrustedCaRepository,
    private readonly urls: PublicUrls,
    private readonly dataSource: DataSource,
    private readonly cache: RegistryCache,
  ) {}

  /** Issues the client credentials DFO will present to our token endpoint; the secret is shown this once. */
  async create(principal: ApiPrincipal, brandId: string, request: CreateIntegrationDto): Promise<CreatedIntegrationResponse> {
    const brand = await this.brands.findById(principal.brandIds, brandId);
    if (!brand) throw brandNotFound(brandId);
    const clientSecret = randomToken('bb_cs_');
    const integration = await this.integrations.insert(brand.id, {
      name: request.name,
      channelIntegrationId: request.channelIntegrationId ?? null,
      clientId: randomToken('bb_ci_', 16),
      clientSecretHash: await hashSecret(clientSecret),
      replyApi: request.replyApi,
    });
    return { ...toIntegrationResponse(integration, this.urls.cxoneForm(integration.id), []), clientSecret };
  }

  async get(principal: ApiPrincipal, id: string): Promise<IntegrationResponse> {
    const integration = await this.integrations.findById(principal.brandIds, id);
    if (!integration) throw integrationNotFound(id);
    return this.toResponse(integration);
  }

  async listForBrand(principal: ApiPrincipal, brandId: string): Promise<IntegrationResponse[]> {
    const brand = await this.brands.findById(principal.brandIds, brandId);
    if (!brand) throw brandNotFound(brandId);
    const integrations = await this.integrations.list([brand.id]);
    const trusted = await this.trustedCas.listForIntegrations(brand.id, integrations.map((i) => i.id));
    return integrations.map((i) => toIntegrationResponse(i, this.urls.cxoneForm(i.id), trusted.filter((ca) => ca.integrationId === i.id)));
  }

  /** Typically sets `channelIntegrationId` once CXone has issued the Integration ID. */
  async update(principal: ApiPrincipal, id: string, request: UpdateIntegrationDto): Promise<IntegrationResponse> {
    const integration = await this.integrations.findById(principal.brandIds, id);
    if (!integration) throw integrationNotFound(id);
    const patch: IntegrationPatch = {};
    if (request.name !== undefined) patch.name = request.name;
    if (request.replyApi !== undefined) patch.replyApi = request.replyApi;
    if (request.channelIntegrationId !== undefined) patch.channelIntegrationId = request.channelIntegrationId;
    return this.toResponse(await this.integrations.update(integration.brandId, integration.id, patch));
  }

  /**
   * Deletes the integration: its client credentials and tokens stop working at once. Refused while it has channels
   * that are not removed (they exist in DFO and carry conversations: remove them first). Its removed channels go
   * with it, with their threads and messages (and its trusted mTLS CAs).
   */
  async remove(principal: ApiPrincipal, id: string): Promise<void> {
    const integration = await this.integrations.findById(principal.brandIds, id);
    if (!integration) throw integrationNotFound(id);
    const { brandId } = integration;
    await this.dataSource.transaction(async (manager) => {
      // Locked first, so a channel being added meanwhile is either counted below or refused when it commits.
      if (!(await this.integrations.lockForDelete(brandId, id, manager))) throw integrationNotFound(id);
      const live = await this.channels.countLive(brandId, { integrationId: id }, manager);
      if (live > 0) {
        throw new ChannelRegistryError('INTEGRATION.HAS_LIVE_CHANNELS', `Integration ${id} still has ${live} channel(s) that are not removed`, { liveChannels: live });
      }
      await this.integrations.delete(brandId, id, manager);
    });
    // Its removed channels went with it.
    this.cache.changed(brandId);
  }

  /** The integration as the API shows it, with its trusted mTLS CAs. */
  async toResponse(integration: IntegrationEntity): Promise<IntegrationResponse> {
    const trusted = await this.trustedCas.list(integration.brandId, integration.id);
    return toIntegrationResponse(integration, this.urls.cxoneForm(integration.id), trusted);
  }
}
