import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiPrincipal } from '../auth/current-principal.decorator';
import { SecretBox } from '../core/crypto/secret-box';
import { EgressPolicy } from '../core/egress/egress-policy';
import { FieldProblem } from '../core/errors/domain-error';
import { ValidationFailedError } from '../core/errors/core.errors';
import { DfoAuthKind } from './brand.entity';
import { toBrandResponse } from './brand.mapper';
import { BrandRepository } from './brand.repository';
import { brandSecretContext } from './brand-credentials';
import { brandNotFound, ChannelRegistryError } from './channel-registry.errors';
import { BrandResponse } from './dto/brand.response';
import { CreateBrandDto } from './dto/create-brand.dto';

/** CXone's token endpoint for access keys (the same for every region). */
export const ACCESS_KEY_AUTH_URL = 'https://cxone.niceincontact.com/auth/token';

/** architecture.md §6.5: the default auth URL of each auth kind. */
export function defaultAuthUrl(kind: DfoAuthKind, apiBaseUrl: string): string {
  return kind === 'access_key' ? ACCESS_KEY_AUTH_URL : `${new URL(apiBaseUrl).origin}/engager/2.0/token`;
}

@Injectable()
export class BrandsService {
  constructor(
    private readonly brands: BrandRepository,
    private readonly box: SecretBox,
    private readonly egress: EgressPolicy,
  ) {}

  async create(principal: ApiPrincipal, request: CreateBrandDto): Promise<BrandResponse> {
    // A brand-scoped key could not even see the brand it created.
    if (principal.brandIds !== null) throw new ChannelRegistryError('BRAND.SCOPE_EXCEEDED', 'Only a key that sees every brand can create brands');
    // The id is chosen here so that the sealed secret can be bound to it before the row exists.
    const id = randomUUID();
    const { dfo } = request;
    const apiBaseUrl = dfo.apiBaseUrl.replace(/\/+$/, '');
    const authUrl = dfo.authUrl ?? defaultAuthUrl(dfo.authKind, apiBaseUrl);
    assertDfoUrlsReachable(this.egress, { apiBaseUrl, authUrl });
    const brand = await this.brands.insert({
      id,
      name: request.name,
      tenantId: request.tenantId,
      dfoBrandId: request.dfoBrandId,
      businessUnitId: request.businessUnitId,
      dfoApiBaseUrl: apiBaseUrl,
      dfoAuthKind: dfo.authKind,
      dfoAuthUrl: authUrl,
      dfoKeyId: dfo.keyId,
      dfoSecretSealed: this.box.seal(dfo.secret, brandSecretContext(id)),
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
