import { Body, Controller, Delete, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../../auth/api-key-auth.decorator';
import { ApiPrincipal, CurrentPrincipal } from '../../auth/current-principal.decorator';
import { IntegrationMtlsResponse } from '../dto/integration.response';
import { ConfigureMtlsDto, IssueMtlsCredentialsDto, MtlsCredentialsResponse } from './dto/mtls.dto';
import { IntegrationMtlsService } from './integration-mtls.service';

const INTEGRATION_ID = { name: 'id', format: 'uuid', description: 'The integration’s id' } as const;
const NOT_FOUND = { description: 'No such integration, or one outside the key’s brands' } as const;

/** mTLS between CXone and byoc-bridge (architecture.md §9.4); the state shows in `GET /integrations/{id}` as `mtls`. */
@ApiTags('admin')
@ApiKeyAuth('admin')
@Controller('api/v1/integrations/:id/mtls')
export class IntegrationMtlsController {
  constructor(private readonly mtls: IntegrationMtlsService) {}

  @Post('credentials')
  @ApiOperation({
    summary: 'Issue what CXone\'s BYOC form takes: a new CA, a client certificate it signed, and the key encrypted with a random password',
    description: 'The key and its password are shown this once and never stored. The new CA is added to the trusted CAs; the mode does not change.',
  })
  @ApiParam(INTEGRATION_ID)
  @ApiCreatedResponse({ type: MtlsCredentialsResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: '`INTEGRATION.MTLS_TOO_MANY_CAS`: remove a trusted CA first' })
  issue(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Body() body: IssueMtlsCredentialsDto): Promise<MtlsCredentialsResponse> {
    return this.mtls.issueCredentials(principal, id, body);
  }

  @Put()
  @ApiOperation({ summary: 'Set the mode (off, report, enforce) and, with trustedCaPems, replace the trusted CAs (bring your own CA)' })
  @ApiParam(INTEGRATION_ID)
  @ApiOkResponse({ type: IntegrationMtlsResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: '`INTEGRATION.MTLS_ENFORCE_WITHOUT_CA`: enforce with no trusted CA would refuse every call' })
  configure(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Body() body: ConfigureMtlsDto): Promise<IntegrationMtlsResponse> {
    return this.mtls.configure(principal, id, body);
  }

  @Delete('trusted/:fingerprintSha256')
  @ApiOperation({ summary: 'Stop trusting one CA (the last step of a rotation); the remaining mTLS settings are returned' })
  @ApiParam(INTEGRATION_ID)
  @ApiParam({ name: 'fingerprintSha256', description: 'SHA-256 of the CA certificate, hex (colons and upper case accepted)' })
  @ApiOkResponse({ type: IntegrationMtlsResponse })
  @ApiNotFoundResponse({ description: 'No such integration, or it trusts no CA with that fingerprint' })
  @ApiConflictResponse({ description: '`INTEGRATION.MTLS_ENFORCE_WITHOUT_CA`: the last trusted CA, with the mode enforce' })
  removeTrusted(@CurrentPrincipal() principal: ApiPrincipal, @Param('id') id: string, @Param('fingerprintSha256') fingerprint: string): Promise<IntegrationMtlsResponse> {
    return this.mtls.removeTrusted(principal, id, fingerprint);
  }
}
