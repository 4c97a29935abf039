import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../auth/current-principal.decorator';
import { BrandsService } from './brands.service';
import { BrandResponse } from './dto/brand.response';
import { CreateBrandDto } from './dto/create-brand.dto';
import { UpdateBrandDto } from './dto/update-brand.dto';

const BRAND_ID = { name: 'id', format: 'uuid', description: 'The brand’s id' } as const;

@ApiTags('admin')
@Controller('api/v1/brands')
export class BrandsController {
  constructor(private readonly brands: BrandsService) {}

  @Post()
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Register a CXone brand and its DFO credentials (the secret is sealed and never returned)' })
  @ApiCreatedResponse({ type: BrandResponse })
  create(@CurrentPrincipal() principal: ApiPrincipal, @Body() body: CreateBrandDto): Promise<BrandResponse> {
    return this.brands.create(principal, body);
  }

  @Get()
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'The brands the key may see' })
  @ApiOkResponse({ type: [BrandResponse] })
  list(@CurrentPrincipal() principal: ApiPrincipal): Promise<BrandResponse[]> {
    return this.brands.list(principal);
  }

  @Get(':id')
  @ApiKeyAuth('support', 'admin')
  @ApiOkResponse({ type: BrandResponse })
  @ApiNotFoundResponse({ description: 'No such brand, or one outside the key’s brands' })
  get(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<BrandResponse> {
    return this.brands.get(principal, id);
  }

  @Patch(':id')
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Rename a brand or replace its DFO credentials (sealed; its cached DFO tokens are dropped)' })
  @ApiParam(BRAND_ID)
  @ApiOkResponse({ type: BrandResponse })
  @ApiNotFoundResponse({ description: 'No such brand, or one outside the key’s brands' })
  update(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Body() body: UpdateBrandDto): Promise<BrandResponse> {
    return this.brands.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiKeyAuth('admin')
  @ApiOperation({ summary: 'Delete a brand with its integrations and history; refused while it has channels that are not removed' })
  @ApiParam(BRAND_ID)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such brand, or one outside the key’s brands' })
  @ApiForbiddenResponse({ description: 'Only a key that sees every brand may delete one' })
  @ApiConflictResponse({ description: '`BRAND.HAS_LIVE_CHANNELS`: remove its channels first; nothing was deleted' })
  remove(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<void> {
    return this.brands.remove(principal, id);
  }
}
