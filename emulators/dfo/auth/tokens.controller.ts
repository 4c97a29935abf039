import { Body, Controller, Headers, HttpCode, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isPlainObject } from '../validation/schema';
import { EmulatorTokens } from './emulator-tokens';
import { OAuthError, OAuthErrorFilter } from './oauth.error';

type Fields = Record<string, string>;

/** OAuth bodies come as JSON or as a form [INF: the OAuth norm is a form]; anything else is refused. */
function fieldsOf(body: unknown, contentType: string | undefined): Fields {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!['application/json', 'application/x-www-form-urlencoded'].includes(type) || !isPlainObject(body)) {
    throw new OAuthError(400, 'invalid_request', 'Send the token request as application/json or application/x-www-form-urlencoded.');
  }
  const fields: Fields = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

function need(fields: Fields, ...names: string[]): void {
  const missing = names.filter((n) => !fields[n]);
  if (missing.length) throw new OAuthError(400, 'invalid_request', `Missing ${missing.join(', ')}.`);
}

/**
 * The two ways a middleware gets a DFO token (docs/dfo-contract.md c.2): CXone's `POST /auth/token` with the access-key
 * grant (`grant_type=password`, plus `refresh_token`), and the legacy `POST /engager/2.0/token` client credentials.
 */
@ApiExcludeController()
@Controller()
@UseFilters(OAuthErrorFilter)
export class TokensController {
  constructor(private readonly tokens: EmulatorTokens) {}

  @Post('auth/token')
  @HttpCode(200)
  cxoneToken(@Body() body: unknown, @Headers('content-type') contentType: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const fields = fieldsOf(body, contentType);
    need(fields, 'grant_type');
    void reply.header('cache-control', 'no-store');
    let issued;
    if (fields.grant_type === 'password') {
      need(fields, 'username', 'password');
      const brandId = this.tokens.authenticateKey(fields.username!, fields.password!);
      if (brandId === null) throw new OAuthError(400, 'invalid_grant', 'The access key id or secret is wrong.');
      issued = this.tokens.issue(brandId, 'access_key');
    } else if (fields.grant_type === 'refresh_token') {
      need(fields, 'refresh_token');
      issued = this.tokens.refresh(fields.refresh_token!);
      if (!issued) throw new OAuthError(400, 'invalid_grant', 'The refresh token is unknown or was used.');
    } else {
      throw new OAuthError(400, 'unsupported_grant_type', 'Use grant_type=password (access key) or refresh_token.');
    }
    return {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      refresh_token: issued.refreshToken,
      expires_in: issued.expiresIn,
      id_token: fakeIdToken(),
    };
  }

  @Post('engager/2.0/token')
  @HttpCode(200)
  engagerToken(@Body() body: unknown, @Headers('content-type') contentType: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const fields = fieldsOf(body, contentType);
    need(fields, 'grant_type');
    if (fields.grant_type !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', 'Use grant_type=client_credentials.');
    need(fields, 'client_id', 'client_secret');
    const brandId = this.tokens.authenticateKey(fields.client_id!, fields.client_secret!);
    if (brandId === null) throw new OAuthError(401, 'invalid_client', 'The client id or secret is wrong.');
    void reply.header('cache-control', 'no-store');
    const issued = this.tokens.issue(brandId, 'client_credentials');
    return { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn };
  }
}

/** CXone returns an OIDC id token too; nothing should rely on it, so the emulator's is a visibly fake JWT. */
function fakeIdToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: 'byoc-bridge-sandbox', sub: 'sandbox-user' })}.`;
}
