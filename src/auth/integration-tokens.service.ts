import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { ChannelDirectory } from '../channel-registry/channel-directory.service';
import { IntegrationEntity } from '../channel-registry/integration.entity';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { TokenSigner } from '../core/crypto/token-signer';
import { MetricsService } from '../core/metrics/metrics.service';
import { OAuthError } from './auth.errors';
import { ClientSecretChecker } from './client-secret-checker';
import { IntegrationPrincipal } from './current-integration.decorator';
import { CertificateEvidence } from './mtls/certificate-evidence';
import { MtlsVerifier } from './mtls/mtls-verifier';
import { parseTokenRequest, TokenRequest } from './token-request';

/** The audience of Integration Box tokens: no other token we sign (web chat sessions, ...) is accepted for DFO's calls. */
export const INTEGRATION_TOKEN_AUDIENCE = 'integration-box';

/** RFC 6749 §5.2: a client that tried HTTP Basic is told which scheme to use again. */
const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="byoc-bridge", charset="UTF-8"' };

export interface IntegrationTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** The OAuth client-credentials grant DFO uses (docs/dfo-contract.md a.1), and verification of what it issues. */
@Injectable()
export class IntegrationTokensService {
  private readonly logger = new Logger(IntegrationTokensService.name);
  /** "DFO cannot get a token" is the first thing to check when agent replies stop arriving. */
  private readonly requests: Counter<'result'>;

  constructor(
    private readonly directory: ChannelDirectory,
    private readonly signer: TokenSigner,
    private readonly secrets: ClientSecretChecker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
    private readonly mtls: MtlsVerifier,
  ) {
    this.requests = metrics.counter('integration_token_requests_total', 'Integration Box token requests by result', ['result']);
  }

  /**
   * `evidence`: the caller's client certificate, which the integration's mTLS mode may require (docs/architecture.md
   * §9.4); `authorization` is the request's `Authorization` header, for `client_secret_basic`.
   */
  async issue(body: unknown, evidence: CertificateEvidence, authorization?: string): Promise<IntegrationTokenResponse> {
    try {
      const integration = await this.authenticateClient(parseTokenRequest(body, authorization));
      // After the secret: only a client that proved who it is gets counted (and logged) against its integration.
      if (!(await this.mtls.admit({ brandId: integration.brandId, integrationId: integration.id }, evidence))) {
        throw new OAuthError('OAUTH.INVALID_CLIENT', 'A client certificate from a trusted CA is required');
      }
      const ttl = this.config.security.integrationTokenTtlSeconds;
      const claims = { brandId: integration.brandId, gen: integration.tokenGeneration };
      const { token } = this.signer.sign(INTEGRATION_TOKEN_AUDIENCE, integration.id, ttl, claims);
      this.requests.inc({ result: 'issued' });
      return { access_token: token, token_type: 'Bearer', expires_in: ttl };
    } catch (err) {
      if (err instanceof OAuthError) this.requests.inc({ result: err.oauthCode });
      throw err;
    }
  }

  /**
   * The integration a token request authenticates as. A wrong secret and an unknown client id get the same answer
   * in the same time (see `ClientSecretChecker`), so neither tells whether the client exists.
   */
  private async authenticateClient({ clientId, clientSecret, method }: TokenRequest): Promise<IntegrationEntity> {
    const integration = await this.directory.findIntegrationByClientId(clientId);
    const secretMatches = integration ? await this.secrets.check(integration, clientSecret) : await this.secrets.decoy();
    if (!integration || !secretMatches) {
      this.logger.warn({ clientId, knownClient: integration !== null, method }, 'Integration Box token refused');
      throw new OAuthError('OAUTH.INVALID_CLIENT', 'Unknown client or wrong secret', method === 'client_secret_basic' ? BASIC_CHALLENGE : {});
    }
    return integration;
  }

  /**
   * The integration of a valid token whose integration still exists and has not revoked its tokens since (the
   * token's `gen` is the integration's token generation when it was issued); null for anything else.
   */
  async verify(token: string): Promise<IntegrationPrincipal | null> {
    const verified = this.signer.verify(token, INTEGRATION_TOKEN_AUDIENCE);
    if (!verified.ok) return null;
    const { sub, brandId, gen = 0 } = verified.claims;
    if (typeof brandId !== 'string') return null;
    const integration = await this.directory.getIntegration(brandId, sub);
    if (!integration || gen !== integration.tokenGeneration) return null;
    return { integrationId: integration.id, brandId: integration.brandId };
  }
}
