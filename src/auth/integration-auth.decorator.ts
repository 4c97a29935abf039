import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IntegrationTokenGuard } from './integration-token.guard';

/** `IntegrationTokenGuard` plus its OpenAPI description, for the Integration Box controllers. */
export function IntegrationAuth(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(IntegrationTokenGuard),
    ApiBearerAuth('integration-token'),
    ApiUnauthorizedResponse({ description: 'Missing, expired or foreign token: fetch one from the token endpoint and retry' }),
  );
}
