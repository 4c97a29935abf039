import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../auth/current-principal.decorator';
import { BrandsService } from './brands.service';
import { BrandResponse } from './dto/brand.response';
import { CreateBrandDto } from './dto/create-brand.dto';

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
  @ApiOperation({ summary: 'One brand (never its DFO secret)' })
  @ApiOkResponse({ type: BrandResponse })
  @ApiNotFoundResponse({ description: 'No such brand, or one outside the key’s brands' })
  get(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string): Promise<BrandResponse> {
    return this.brands.get(principal, id);
  }
}
