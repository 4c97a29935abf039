import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthError } from './auth.errors';
import { INTEGRATION_PRINCIPAL_PROPERTY } from './current-integration.decorator';
import { IntegrationTokensService } from './integration-tokens.service';
import { certificateEvidence } from './mtls/certificate-evidence';
import { MtlsVerifier } from './mtls/mtls-verifier';

/**
 * Guards the Integration Box endpoints DFO calls. A missing, expired, forged or foreign-audience token, or one whose
 * integration no longer exists, gets 401: DFO then fetches a token and retries (docs/dfo-contract.md a.1). Read the
 * integration with `@CurrentIntegration()`; the controller still checks that it owns the channel in the path. Then
 * the integration's mTLS mode may require a client certificate (docs/architecture.md §9.4): without one, 401 too.
 */
@Injectable()
export class IntegrationTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: IntegrationTokensService,
    private readonly mtls: MtlsVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & Record<string, unknown>>();
    const token = bearerToken(request.headers.authorization);
    const principal = token ? await this.tokens.verify(token) : null;
    if (!principal) {
      void http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new AuthError('AUTH.INVALID_INTEGRATION_TOKEN', 'A valid Integration Box token is required');
    }
    if (!(await this.mtls.admit(principal, certificateEvidence(request)))) {
      throw new AuthError('AUTH.CLIENT_CERTIFICATE_REQUIRED', 'A client certificate from one of the integration\'s trusted CAs is required (mTLS)');
    }
    request[INTEGRATION_PRINCIPAL_PROPERTY] = principal;
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
