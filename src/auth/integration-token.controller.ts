import { Body, Controller, createParamDecorator, ExecutionContext, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { OAuthErrorDto, TokenRequestDto, TokenResponseDto } from './dto/token.dto';
import { IntegrationTokenResponse, IntegrationTokensService } from './integration-tokens.service';
import { CertificateEvidence, ClientCertificateEvidence } from './mtls/certificate-evidence';
import { TokenRateLimitGuard } from './token-rate-limit.guard';

/**
 * The request's `Authorization` header. Not `@Headers('authorization')`, which would document it as a header
 * parameter: OpenAPI describes authorization through the security schemes only.
 */
const AuthorizationHeader = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<FastifyRequest>().headers.authorization);

@ApiTags('integration-box')
@Controller('integration/box/1.0')
export class IntegrationTokenController {
  constructor(private readonly tokens: IntegrationTokensService) {}

  @Post('token')
  @HttpCode(200)
  @UseGuards(TokenRateLimitGuard)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'OAuth client-credentials token for DFO (the "Authorization URL" of the BYOC form)',
    description:
      'The client authenticates with HTTP Basic (client_secret_basic, RFC 6749 §2.3.1) or with client_id and client_secret in the body ' +
      '(client_secret_post), not both. Rate-limited per client address and per client_id.',
  })
  // Either HTTP Basic, or no scheme at all (the credentials are then in the body).
  @ApiSecurity('client-basic')
  @ApiSecurity({})
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ type: OAuthErrorDto, description: '`unsupported_grant_type` or `invalid_request`' })
  @ApiUnauthorizedResponse({ type: OAuthErrorDto, description: '`invalid_client`: unknown client, wrong secret, or (mTLS enforce) no client certificate from a trusted CA' })
  @ApiTooManyRequestsResponse({ type: OAuthErrorDto, description: '`slow_down`: too many requests from this address or for this client_id; see Retry-After' })
  issue(
    @Body() body: Record<string, unknown>,
    @ClientCertificateEvidence() evidence: CertificateEvidence,
    @AuthorizationHeader() authorization?: string,
  ): Promise<IntegrationTokenResponse> {
    return this.tokens.issue(body, evidence, authorization);
  }
}
