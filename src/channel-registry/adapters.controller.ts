import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/api-key-auth.decorator';
import { AdapterCatalogue } from './adapter-catalogue.service';
import { AdapterResponse } from './dto/adapter.response';

@ApiTags('admin')
@Controller('api/v1')
export class AdaptersController {
  constructor(private readonly catalogue: AdapterCatalogue) {}

  @Get('adapters')
  @ApiKeyAuth('support', 'admin')
  @ApiOperation({ summary: 'The adapter catalogue: each adapter’s config schema, secret fields and capabilities' })
  @ApiOkResponse({ type: [AdapterResponse] })
  list(): AdapterResponse[] {
    return this.catalogue.list();
  }
}
