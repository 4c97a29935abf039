import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiKeyRole } from './api-key.entity';
import { AuthError } from './auth.errors';

export type { ApiKeyRole } from './api-key.entity';

/**
 * Who called an admin/support endpoint. `keyId` is null for the bootstrap `ADMIN_API_KEY`; `brandIds` null means
 * every brand. Services take the principal's brand scope and load by `(brandId, id)`, so a foreign object is a 404.
 */
export interface ApiPrincipal {
  keyId: string | null;
  role: ApiKeyRole;
  brandIds: string[] | null;
}

/** Whether the principal may see objects of this brand. */
export function canSeeBrand(principal: ApiPrincipal, brandId: string): boolean {
  return principal.brandIds === null || principal.brandIds.includes(brandId);
}

/** The property the API key guard sets on the request. */
export const API_PRINCIPAL_PROPERTY = 'user';

/** The caller of an endpoint guarded by `@ApiKeyAuth(...)`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): ApiPrincipal => {
  const principal = ctx.switchToHttp().getRequest<Record<string, unknown>>()[API_PRINCIPAL_PROPERTY] as ApiPrincipal | undefined;
  // Only reachable when a controller forgets @ApiKeyAuth: refuse rather than run unauthenticated.
  if (!principal) throw new AuthError('AUTH.INVALID_API_KEY', 'No API key principal on this request');
  return principal;
});
