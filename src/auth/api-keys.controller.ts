import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from './api-key-auth.decorator';
import { ApiKeysService } from './api-keys.service';
import { ApiPrincipal, CurrentPrincipal } from './current-principal.decorator';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('admin')
@ApiKeyAuth('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an admin or support API key; the key is shown this once' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  create(@CurrentPrincipal() principal: ApiPrincipal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'The API keys within the caller’s brands: names, roles, brands, last use (never the keys)' })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  list(@CurrentPrincipal() principal: ApiPrincipal): Promise<ApiKeyResponse[]> {
    return this.apiKeys.list(principal);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API key (it is refused from then on); revoking twice is a no-op' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The key’s id' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiNotFoundResponse({ description: 'No such key, or one outside the caller’s brands' })
  revoke(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<ApiKeyResponse> {
    return this.apiKeys.revoke(principal, id);
  }
}
