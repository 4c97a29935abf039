import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthError } from './auth.errors';

/** The integration a valid Integration Box token was issued to (DFO's calls). */
export interface IntegrationPrincipal {
  integrationId: string;
  brandId: string;
}

/** The request property `IntegrationTokenGuard` sets. */
export const INTEGRATION_PRINCIPAL_PROPERTY = 'integrationPrincipal';

/** The integration of an endpoint guarded by `IntegrationTokenGuard`. */
export const CurrentIntegration = createParamDecorator((_: unknown, ctx: ExecutionContext): IntegrationPrincipal => {
  const principal = ctx.switchToHttp().getRequest<Record<string, unknown>>()[INTEGRATION_PRINCIPAL_PROPERTY] as IntegrationPrincipal | undefined;
  if (!principal) throw new AuthError('AUTH.INVALID_INTEGRATION_TOKEN', 'No integration token on this request');
  return principal;
});
