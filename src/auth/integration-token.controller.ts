import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { OAuthErrorDto, TokenRequestDto, TokenResponseDto } from './dto/token.dto';
import { IntegrationTokenResponse, IntegrationTokensService } from './integration-tokens.service';
import { CertificateEvidence, ClientCertificateEvidence } from './mtls/certificate-evidence';

@ApiTags('integration-box')
@Controller('integration/box/1.0')
export class IntegrationTokenController {
  constructor(private readonly tokens: IntegrationTokensService) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'OAuth client-credentials token for DFO (the "Authorization URL" of the BYOC form)' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ type: OAuthErrorDto, description: '`unsupported_grant_type` or `invalid_request`' })
  @ApiUnauthorizedResponse({ type: OAuthErrorDto, description: '`invalid_client`: unknown client, wrong secret, or (mTLS enforce) no client certificate from a trusted CA' })
  issue(@Body() body: Record<string, unknown>, @ClientCertificateEvidence() evidence: CertificateEvidence): Promise<IntegrationTokenResponse> {
    return this.tokens.issue(body, evidence);
  }
}
