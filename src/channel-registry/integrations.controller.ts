import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../auth/current-principal.decorator';
import { CreateIntegrationDto } from './dto/create-integration.dto';
import { UpdateIntegrationDto } from './dto/update-integration.dto';
import { CreatedIntegrationResponse, IntegrationResponse } from './dto/integration.response';
import { IntegrationsService } from './integrations.service';

export const INTEGRATION_ID_PARAM = { name: 'id', format: 'uuid', description: 'The integration’s id' } as const;
const INTEGRATION_NOT_FOUND = { description: 'No such integration, or one outside the key’s brands' } as const;

@ApiTags('admin')
@Controller('api/v1')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Post('brands/:brandId/integrations')
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Create a BYOC integration: the client credentials and URLs for CXone\'s BYOC form (the secret is shown once)' })
  @ApiCreatedResponse({ type: CreatedIntegrationResponse })
  @ApiNotFoundResponse({ description: 'No such brand, or one outside the key’s brands' })
  create(
    @CurrentPrincipal() principal: ApiPrincipal,
    @Param('brandId') brandId: string,
    @Body() body: CreateIntegrationDto,
  ): Promise<CreatedIntegrationResponse> {
    return this.integrations.create(principal, brandId, body);
  }

  @Get('brands/:brandId/integrations')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'The integrations of a brand, oldest first, with their secret and mTLS state (never a secret)' })
  @ApiParam({ name: 'brandId', format: 'uuid', description: 'The brand’s id' })
  @ApiOkResponse({ type: [IntegrationResponse] })
  @ApiNotFoundResponse({ description: 'No such brand, or one outside the key’s brands' })
  listForBrand(@CurrentPrincipal() principal: ApiPrincipal, @Param('brandId') brandId: string): Promise<IntegrationResponse[]> {
    return this.integrations.listForBrand(principal, brandId);
  }

  @Get('integrations/:id')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'An integration with its secret and mTLS state (never a secret)' })
  @ApiParam(INTEGRATION_ID_PARAM)
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiNotFoundResponse(INTEGRATION_NOT_FOUND)
  get(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<IntegrationResponse> {
    return this.integrations.get(principal, id);
  }

  @Patch('integrations/:id')
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Set the Integration ID CXone issued (channelIntegrationId), or rename, or switch the reply API' })
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiNotFoundResponse(INTEGRATION_NOT_FOUND)
  update(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Body() body: UpdateIntegrationDto): Promise<IntegrationResponse> {
    return this.integrations.update(principal, id, body);
  }

  @Delete('integrations/:id')
  @HttpCode(204)
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Delete an integration: its client credentials and tokens stop working; refused while it has channels that are not removed' })
  @ApiParam(INTEGRATION_ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted, with its removed channels and their history' })
  @ApiNotFoundResponse(INTEGRATION_NOT_FOUND)
  @ApiConflictResponse({ description: '`INTEGRATION.HAS_LIVE_CHANNELS`: remove its channels first; nothing was deleted' })
  remove(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<void> {
    return this.integrations.remove(principal, id);
  }
}
