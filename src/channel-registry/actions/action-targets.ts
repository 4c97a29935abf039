import { Injectable, Logger } from '@nestjs/common';
import { DfoClient } from '../../dfo-client/dfo-client';
import { DfoError } from '../../dfo-client/dfo.errors';
import { DfoOneTimeTokenVerification } from '../../dfo-client/dfo.types';
import { BrandEntity } from '../brand.entity';
import { BrandRepository } from '../brand.repository';
import { ChannelEntity } from '../channel.entity';
import { ChannelRepository } from '../channel.repository';
import { ChannelRegistryError } from '../channel-registry.errors';
import { IntegrationEntity } from '../integration.entity';
import { IntegrationRepository } from '../integration.repository';
import { ActionRequest } from './action-request';

/** Which of our brands an action request is for; known before its one-time token is verified. */
export interface ActionScope {
  /** Ours, all for the request's DFO brand and all on one DFO API. */
  brands: BrandEntity[];
  apiBaseUrl: string;
  /** The integration named by the action URL we printed; null on the bare `/integration/actions/{action}`. */
  integration: IntegrationEntity | null;
}

/**
 * Finds what an action page acts on, and verifies the one-time token with the right DFO.
 *
 * CXone sends only DFO's numeric `brandId`. The action URLs we print end in our integration id, which settles
 * the brand and the integration. On the bare path, every brand of ours with that `dfo_brand_id` is a candidate:
 * they must share one DFO API (the token can be verified only once, so we cannot try several), and the Add form
 * lets the admin choose among their integrations.
 */
@Injectable()
export class ActionTargets {
  private readonly logger = new Logger(ActionTargets.name);

  constructor(
    private readonly brands: BrandRepository,
    private readonly integrations: IntegrationRepository,
    private readonly channels: ChannelRepository,
    private readonly dfo: DfoClient,
  ) {}

  async scope(request: ActionRequest): Promise<ActionScope> {
    if (request.integrationId !== null) {
      // Unscoped lookups on purpose: nothing brand-specific is known yet; the DFO brand id must then match.
      const integration = await this.integrations.findById(null, request.integrationId);
      const brand = integration && (await this.brands.findById(null, integration.brandId));
      if (!integration || !brand || brand.dfoBrandId !== request.dfoBrandId) {
        throw new ChannelRegistryError('ACTION.NOT_FOUND', `This action URL belongs to no integration of DFO brand ${request.dfoBrandId} here`);
      }
      return { brands: [brand], apiBaseUrl: brand.dfoApiBaseUrl, integration };
    }
    const brands = await this.brands.findByDfoBrandId(request.dfoBrandId);
    if (brands.length === 0) throw new ChannelRegistryError('ACTION.NOT_FOUND', `No brand is registered here for DFO brand ${request.dfoBrandId}`);
    if (new Set(brands.map((b) => b.dfoApiBaseUrl)).size > 1) {
      throw new ChannelRegistryError(
        'ACTION.AMBIGUOUS_BRAND',
        `Several brands here use DFO brand ${request.dfoBrandId} on different DFO APIs; in CXone, use the action URLs printed for your integration`,
      );
    }
    return { brands, apiBaseUrl: brands[0]!.dfoApiBaseUrl, integration: null };
  }

  /**
   * `POST /one-time-token/verification` with the scope's DFO: this uses the token up. A refusal is the admin's
   * link being bad, expired or used (403); no answer is an outage (502). DFO must vouch for the same brand and user.
   */
  async verify(scope: ActionScope, request: ActionRequest): Promise<DfoOneTimeTokenVerification> {
    let verified: DfoOneTimeTokenVerification;
    try {
      verified = await this.dfo.verifyOneTimeToken(scope.apiBaseUrl, {
        brandId: request.dfoBrandId,
        userId: request.userId,
        token: request.token,
        purpose: 'channel-integration',
      });
    } catch (err) {
      if (!(err instanceof DfoError)) throw err;
      this.logger.warn({ dfoBrandId: request.dfoBrandId, userId: request.userId, kind: err.kind }, 'One-time token not verified');
      if (err.retryable) throw new ChannelRegistryError('ACTION.DFO_UNAVAILABLE', 'CXone could not be reached to check this link; try again from CXone in a moment');
      throw tokenRefused();
    }
    if (verified.brand.id !== request.dfoBrandId || verified.user.id !== request.userId) {
      this.logger.warn({ dfoBrandId: request.dfoBrandId, userId: request.userId, verifiedBrandId: verified.brand.id }, 'One-time token is for another brand or user');
      throw tokenRefused();
    }
    return verified;
  }

  /** Add: the integrations a channel can be added to, those that have CXone's Integration ID. */
  async integrationsForAdd(scope: ActionScope): Promise<IntegrationEntity[]> {
    const candidates = scope.integration ? [scope.integration] : await this.integrations.list(scope.brands.map((b) => b.id));
    const ready = candidates.filter((i) => i.channelIntegrationId);
    if (ready.length === 0) {
      throw new ChannelRegistryError(
        'INTEGRATION.CHANNEL_INTEGRATION_ID_MISSING',
        'channelIntegrationId: set the Integration ID CXone issued on the integration (PATCH /api/v1/integrations/{id}) before adding channels',
        { field: 'channelIntegrationId' },
      );
    }
    return ready;
  }

  /** Reconnect and remove: our live channel with this DFO id, in one of the scope's brands (and the URL's integration). */
  async channel(scope: ActionScope, dfoChannelId: string): Promise<ChannelEntity> {
    const channel = await this.channels.findLiveByDfoChannelId(dfoChannelId);
    const inScope =
      channel !== null && scope.brands.some((b) => b.id === channel.brandId) && (scope.integration === null || scope.integration.id === channel.integrationId);
    if (!inScope) throw new ChannelRegistryError('ACTION.NOT_FOUND', `Channel ${dfoChannelId} is not registered here for this brand`);
    return channel;
  }
}

function tokenRefused(): ChannelRegistryError {
  return new ChannelRegistryError('ACTION.TOKEN_REFUSED', 'CXone did not accept this link: it is not valid, has expired, or was already used');
}
