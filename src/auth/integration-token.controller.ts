import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RefuseInputWith } from '../core/http/input-screen';
import { ApiPublic } from '../core/http/openapi';
import { OAuthError } from './auth.errors';
import { OAuthErrorDto, TokenRequestDto, TokenResponseDto } from './dto/token.dto';
import { IntegrationTokenResponse, IntegrationTokensService } from './integration-tokens.service';

@ApiTags('integration-box')
@Controller('integration/box/1.0')
export class IntegrationTokenController {
  constructor(private readonly tokens: IntegrationTokensService) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  // OAuth clients parse `{"error"}` only (RFC 6749 §5.2), also when the input screen refuses the request.
  @RefuseInputWith((problem) => new OAuthError('OAUTH.INVALID_REQUEST', `${problem.field}: ${problem.message}`))
  @ApiOperation({ summary: 'OAuth client-credentials token for DFO (the "Authorization URL" of the BYOC form)' })
  @ApiPublic() // the client authenticates with client_id and client_secret in the body
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ type: OAuthErrorDto, description: '`unsupported_grant_type` or `invalid_request`' })
  @ApiUnauthorizedResponse({ type: OAuthErrorDto, description: '`invalid_client`: unknown client or wrong secret' })
  issue(@Body() body: Record<string, unknown>): Promise<IntegrationTokenResponse> {
    return this.tokens.issue(body);
  }
}
