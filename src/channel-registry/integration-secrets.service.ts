import { Injectable } from '@nestjs/common';
import { ApiPrincipal } from '../auth/current-principal.decorator';
import { Clock } from '../core/clock/clock';
import { hashSecret, randomToken } from '../core/crypto/hashing';
import { integrationNotFound } from './channel-registry.errors';
import { IntegrationResponse, RotatedClientSecretResponse } from './dto/integration.response';
import { DEFAULT_GRACE_SECONDS } from './dto/rotate-client-secret.dto';
import { toIntegrationResponse } from './integration.mapper';
import { IntegrationRepository } from './integration.repository';
import { TrustedCaRepository } from './mtls/trusted-ca.repository';
import { PublicUrls } from './public-urls';

export interface RotateClientSecretOptions {
  /** How long the replaced secret keeps working; 0 drops it at once. */
  graceSeconds?: number;
}

/**
 * The secrets lifecycle of an integration (docs/architecture.md §9.5): its client secret is rotated with a grace period,
 * and the Integration Box tokens issued so far can be revoked. The token endpoint and guard (auth/) read the state
 * this writes from the integration's row, so every instance applies it at once.
 */
@Injectable()
export class IntegrationSecretsService {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly trustedCas: TrustedCaRepository,
    private readonly urls: PublicUrls,
    private readonly clock: Clock,
  ) {}

  /**
   * Issues a new client secret, shown this once. The replaced one keeps working for the grace period; a second
   * rotation within it replaces that one, so at most two secrets are ever accepted. Tokens already issued stay
   * valid until they expire or are revoked.
   */
  async rotateClientSecret(principal: ApiPrincipal, id: string, options: RotateClientSecretOptions = {}): Promise<RotatedClientSecretResponse> {
    const integration = await this.integrations.findById(principal.brandIds, id);
    if (!integration) throw integrationNotFound(id);
    const clientSecret = randomToken('bb_cs_');
    const secretHash = await hashSecret(clientSecret);
    const now = this.clock.now();
    const graceSeconds = options.graceSeconds ?? DEFAULT_GRACE_SECONDS;
    const previousExpiresAt = graceSeconds > 0 ? new Date(now.getTime() + graceSeconds * 1000) : null;
    const rotated = await this.integrations.rotateSecret(integration.brandId, integration.id, secretHash, now, previousExpiresAt);
    // Deleted between the read and the write.
    if (!rotated) throw integrationNotFound(id);
    return { clientSecret };
  }

  /** Every Integration Box token issued before now is refused from now on (401); DFO then fetches a new one. */
  async revokeTokens(principal: ApiPrincipal, id: string): Promise<IntegrationResponse> {
    const integration = await this.integrations.findById(principal.brandIds, id);
    if (!integration) throw integrationNotFound(id);
    const revoked = await this.integrations.revokeTokens(integration.brandId, integration.id, this.clock.now());
    if (!revoked) throw integrationNotFound(id);
    return toIntegrationResponse(revoked, this.urls.cxoneForm(revoked.id), await this.trustedCas.list(revoked.brandId, revoked.id));
  }
}
