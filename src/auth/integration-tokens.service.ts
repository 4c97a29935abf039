import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { randomBytes } from 'node:crypto';
import { ChannelDirectory } from '../channel-registry/channel-directory.service';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { hashSecret, verifySecret } from '../core/crypto/hashing';
import { TokenSigner } from '../core/crypto/token-signer';
import { MetricsService } from '../core/metrics/metrics.service';
import { OAuthError } from './auth.errors';
import { IntegrationPrincipal } from './current-integration.decorator';
import { CertificateEvidence } from './mtls/certificate-evidence';
import { MtlsVerifier } from './mtls/mtls-verifier';

/** The audience of Integration Box tokens: no other token we sign (web chat sessions, ...) is accepted for DFO's calls. */
export const INTEGRATION_TOKEN_AUDIENCE = 'integration-box';

export interface IntegrationTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** The OAuth client-credentials grant DFO uses (dfo-contract.md a.1), and verification of what it issues. */
@Injectable()
export class IntegrationTokensService {
  /** Checked against when the client is unknown, so the answer takes as long as for a wrong secret. */
  private readonly decoyHash = hashSecret(randomBytes(32).toString('base64url'));
  private readonly logger = new Logger(IntegrationTokensService.name);
  /** "DFO cannot get a token" is the first thing to check when agent replies stop arriving. */
  private readonly requests: Counter<'result'>;

  constructor(
    private readonly directory: ChannelDirectory,
    private readonly signer: TokenSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
    private readonly mtls: MtlsVerifier,
  ) {
    this.requests = metrics.counter('integration_token_requests_total', 'Integration Box token requests by result', ['result']);
  }

  /** `evidence`: the caller's client certificate, which the integration's mTLS mode may require (architecture.md §9.4). */
  async issue(body: unknown, evidence: CertificateEvidence): Promise<IntegrationTokenResponse> {
    try {
      const issued = await this.issueFor(parseTokenRequest(body), evidence);
      this.requests.inc({ result: 'issued' });
      return issued;
    } catch (err) {
      if (err instanceof OAuthError) this.requests.inc({ result: err.oauthCode });
      throw err;
    }
  }

  private async issueFor({ clientId, clientSecret }: { clientId: string; clientSecret: string }, evidence: CertificateEvidence): Promise<IntegrationTokenResponse> {
    const integration = await this.directory.findIntegrationByClientId(clientId);
    const secretMatches = await verifySecret(clientSecret, integration?.clientSecretHash ?? (await this.decoyHash));
    if (!integration || !secretMatches) {
      this.logger.warn({ clientId, knownClient: integration !== null }, 'Integration Box token refused');
      throw new OAuthError('OAUTH.INVALID_CLIENT', 'Unknown client or wrong secret');
    }
    // After the secret: only a client that proved who it is gets counted (and logged) against its integration.
    if (!(await this.mtls.admit({ brandId: integration.brandId, integrationId: integration.id }, evidence))) {
      throw new OAuthError('OAUTH.INVALID_CLIENT', 'A client certificate from a trusted CA is required');
    }
    const ttl = this.config.security.integrationTokenTtlSeconds;
    const { token } = this.signer.sign(INTEGRATION_TOKEN_AUDIENCE, integration.id, ttl, { brandId: integration.brandId });
    return { access_token: token, token_type: 'Bearer', expires_in: ttl };
  }

  /** The integration of a valid token whose integration still exists; null for anything else. */
  async verify(token: string): Promise<IntegrationPrincipal | null> {
    const verified = this.signer.verify(token, INTEGRATION_TOKEN_AUDIENCE);
    if (!verified.ok) return null;
    const { sub, brandId } = verified.claims;
    if (typeof brandId !== 'string') return null;
    const integration = await this.directory.getIntegration(brandId, sub);
    return integration ? { integrationId: integration.id, brandId: integration.brandId } : null;
  }
}

/** RFC 6749 §4.4.2: the grant type is checked first, then the client credentials must both be present. */
function parseTokenRequest(body: unknown): { clientId: string; clientSecret: string } {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const { grant_type: grantType, client_id: clientId, client_secret: clientSecret } = fields;
  if (typeof grantType !== 'string' || grantType === '') throw new OAuthError('OAUTH.INVALID_REQUEST', 'grant_type is required');
  if (grantType !== 'client_credentials') throw new OAuthError('OAUTH.UNSUPPORTED_GRANT_TYPE', 'Only client_credentials is supported');
  if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
    throw new OAuthError('OAUTH.INVALID_REQUEST', 'client_id and client_secret are required');
  }
  return { clientId, clientSecret };
}
