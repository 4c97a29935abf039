import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../auth/current-principal.decorator';
import { CreateIntegrationDto } from './dto/create-integration.dto';
import { UpdateIntegrationDto } from './dto/update-integration.dto';
import { CreatedIntegrationResponse, IntegrationResponse } from './dto/integration.response';
import { IntegrationsService } from './integrations.service';

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

  @Get('integrations/:id')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'One integration (never its client secret)' })
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiNotFoundResponse({ description: 'No such integration, or one outside the key’s brands' })
  get(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<IntegrationResponse> {
    return this.integrations.get(principal, id);
  }

  @Patch('integrations/:id')
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Set the Integration ID CXone issued (channelIntegrationId), or rename, or switch the reply API' })
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiNotFoundResponse({ description: 'No such integration, or one outside the key’s brands' })
  update(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Body() body: UpdateIntegrationDto): Promise<IntegrationResponse> {
    return this.integrations.update(principal, id, body);
  }
}
