import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiPrincipal } from '../auth/current-principal.decorator';
import { SecretBox } from '../core/crypto/secret-box';
import { EgressPolicy } from '../core/egress/egress-policy';
import { FieldProblem } from '../core/errors/domain-error';
import { ValidationFailedError } from '../core/errors/core.errors';
import { DfoBrandTokens } from '../dfo-client/token/dfo-brand-tokens';
import { DfoAuthKind } from './brand.entity';
import { toBrandResponse } from './brand.mapper';
import { BrandPatch, BrandRepository } from './brand.repository';
import { brandSecretContext } from './brand-credentials';
import { ChannelRepository } from './channel.repository';
import { brandNotFound, ChannelRegistryError } from './channel-registry.errors';
import { BrandResponse } from './dto/brand.response';
import { BrandDfoDto, CreateBrandDto } from './dto/create-brand.dto';
import { UpdateBrandDto } from './dto/update-brand.dto';
import { IntegrationRepository } from './integration.repository';
import { RegistryCache } from './registry-cache';

/** CXone's token endpoint for access keys (the same for every region). */
export const ACCESS_KEY_AUTH_URL = 'https://cxone.niceincontact.com/auth/token';

/** docs/architecture.md §6.5: the default auth URL of each auth kind. */
export function defaultAuthUrl(kind: DfoAuthKind, apiBaseUrl: string): string {
  return kind === 'access_key' ? ACCESS_KEY_AUTH_URL : `${new URL(apiBaseUrl).origin}/engager/2.0/token`;
}

@Injectable()
export class BrandsService {
  constructor(
    private readonly brands: BrandRepository,
    private readonly integrations: IntegrationRepository,
    private readonly channels: ChannelRepository,
    private readonly box: SecretBox,
    private readonly dfoTokens: DfoBrandTokens,
    private readonly dataSource: DataSource,
    private readonly egress: EgressPolicy,
    private readonly cache: RegistryCache,
  ) {}

  async create(principal: ApiPrincipal, request: CreateBrandDto): Promise<BrandResponse> {
    // A brand-scoped key could not even see the brand it created.
    if (principal.brandIds !== null) throw new ChannelRegistryError('BRAND.SCOPE_EXCEEDED', 'Only a key that sees every brand can create brands');
    // The id is chosen here so that the sealed secret can be bound to it before the row exists.
    const id = randomUUID();
    const brand = await this.brands.insert(id, {
      name: request.name,
      tenantId: request.tenantId,
      dfoBrandId: request.dfoBrandId,
      businessUnitId: request.businessUnitId,
      ...this.dfoColumns(id, request.dfo),
    });
    return toBrandResponse(brand);
  }

  async list(principal: ApiPrincipal): Promise<BrandResponse[]> {
    return (await this.brands.list(principal.brandIds)).map(toBrandResponse);
  }

  async get(principal: ApiPrincipal, id: string): Promise<BrandResponse> {
    const brand = await this.brands.findById(principal.brandIds, id);
    if (!brand) throw brandNotFound(id);
    return toBrandResponse(brand);
  }

  /** Renames the brand, or replaces its DFO credentials (sealed; the tokens cached for the old ones are dropped). */
  async update(principal: ApiPrincipal, id: string, request: UpdateBrandDto): Promise<BrandResponse> {
    const brand = await this.brands.findById(principal.brandIds, id);
    if (!brand) throw brandNotFound(id);
    const patch: BrandPatch = {};
    if (request.name !== undefined) patch.name = request.name;
    if (request.dfo !== undefined) Object.assign(patch, this.dfoColumns(brand.id, request.dfo));
    const updated = await this.brands.update(brand.id, patch);
    if (!updated) throw brandNotFound(id);
    this.cache.changed(brand.id);
    if (request.dfo !== undefined) await this.dfoTokens.drop(brand.id);
    return toBrandResponse(updated);
  }

  /**
   * Deletes the brand with everything of it (integrations, removed channels, threads, messages, deliveries).
   * Refused while it has channels that are not removed: they exist in DFO and carry conversations. Like creating a
   * brand, it takes a key that sees every brand.
   */
  async remove(principal: ApiPrincipal, id: string): Promise<void> {
    const brand = await this.brands.findById(principal.brandIds, id);
    if (!brand) throw brandNotFound(id);
    if (principal.brandIds !== null) throw new ChannelRegistryError('BRAND.SCOPE_EXCEEDED', 'Only a key that sees every brand can delete brands');
    await this.dataSource.transaction(async (manager) => {
      // Integrations before the brand: the order in which a channel being inserted takes its key-share locks (its
      // integration's foreign key is checked first), so such an insert is waited for, or refused, never deadlocked.
      await this.integrations.lockAllForDelete(brand.id, manager);
      if (!(await this.brands.lockForDelete(brand.id, manager))) throw brandNotFound(id);
      const live = await this.channels.countLive(brand.id, {}, manager);
      if (live > 0) {
        throw new ChannelRegistryError('BRAND.HAS_LIVE_CHANNELS', `Brand ${id} still has ${live} channel(s) that are not removed`, { liveChannels: live });
      }
      await this.brands.delete(brand.id, manager);
    });
    this.cache.changed(brand.id);
    await this.dfoTokens.drop(brand.id);
  }

  /** The DFO columns of a new or replaced set of credentials; 400 naming the field for a URL the egress policy refuses. */
  private dfoColumns(brandId: string, dfo: BrandDfoDto): Required<Omit<BrandPatch, 'name'>> {
    const apiBaseUrl = dfo.apiBaseUrl.replace(/\/+$/, '');
    const authUrl = dfo.authUrl ?? defaultAuthUrl(dfo.authKind, apiBaseUrl);
    assertDfoUrlsReachable(this.egress, { apiBaseUrl, authUrl });
    return {
      dfoApiBaseUrl: apiBaseUrl,
      dfoAuthKind: dfo.authKind,
      dfoAuthUrl: authUrl,
      dfoKeyId: dfo.keyId,
      dfoSecretSealed: this.box.seal(dfo.secret, brandSecretContext(brandId)),
    };
  }
}

/**
 * The egress policy on a brand's DFO URLs when they are saved (it applies again on every connection): a brand must
 * not turn the DFO client into a way to reach the network the service runs in. 400 naming the field.
 */
export function assertDfoUrlsReachable(egress: EgressPolicy, urls: { apiBaseUrl?: string; authUrl?: string }): void {
  const problems: FieldProblem[] = [];
  for (const [name, url] of Object.entries(urls)) {
    const problem = url === undefined ? null : egress.problemWithUrl(url);
    if (problem) problems.push({ field: `dfo.${name}`, message: problem });
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
}
