import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { ApiKeyRole } from './api-key.entity';
import { API_KEY_ROLES, ApiKeyAuthGuard } from './api-key-auth.guard';

/**
 * Guards an admin/support endpoint (or a whole controller) with an API key of one of `roles`:
 * `@ApiKeyAuth('admin')`, `@ApiKeyAuth('support', 'admin')`. Read the caller with `@CurrentPrincipal()`.
 */
export function ApiKeyAuth(...roles: ApiKeyRole[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(API_KEY_ROLES, roles),
    UseGuards(ApiKeyAuthGuard),
    ApiBearerAuth('api-key'),
    ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' }),
    ApiForbiddenResponse({ description: `The key's role may not call this endpoint` }),
  );
}
