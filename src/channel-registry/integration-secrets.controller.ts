import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../auth/current-principal.decorator';
import { IntegrationResponse, RotatedClientSecretResponse } from './dto/integration.response';
import { RotateClientSecretDto } from './dto/rotate-client-secret.dto';
import { IntegrationSecretsService } from './integration-secrets.service';
import { INTEGRATION_ID_PARAM } from './integrations.controller';

const INTEGRATION_NOT_FOUND = { description: 'No such integration, or one outside the key’s brands' } as const;

/** docs/architecture.md §9.5: rotating an integration's client secret and revoking its Integration Box tokens. */
@ApiTags('admin')
@ApiKeyAuth('admin')
@Controller('api/v1/integrations/:id')
export class IntegrationSecretsController {
  constructor(private readonly secrets: IntegrationSecretsService) {}

  @Post('client-secret')
  @ApiOperation({ summary: 'Issue a new client secret (shown once); the old one keeps working for graceSeconds (default a day)' })
  @ApiParam(INTEGRATION_ID_PARAM)
  @ApiCreatedResponse({ type: RotatedClientSecretResponse })
  @ApiNotFoundResponse(INTEGRATION_NOT_FOUND)
  rotateClientSecret(
    @CurrentPrincipal() principal: ApiPrincipal,
    @Param('id') id: string,
    @Body() body: RotateClientSecretDto,
  ): Promise<RotatedClientSecretResponse> {
    return this.secrets.rotateClientSecret(principal, id, body);
  }

  @Post('tokens/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse every Integration Box token issued so far (401); DFO then fetches a new one with the client secret' })
  @ApiParam(INTEGRATION_ID_PARAM)
  @ApiOkResponse({ type: IntegrationResponse, description: 'The integration; `secrets.tokensValidAfter` is now' })
  @ApiNotFoundResponse(INTEGRATION_NOT_FOUND)
  revokeTokens(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<IntegrationResponse> {
    return this.secrets.revokeTokens(principal, id);
  }
}
