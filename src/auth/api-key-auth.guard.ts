import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyRole } from './api-key.entity';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { AuthError } from './auth.errors';
import { API_PRINCIPAL_PROPERTY } from './current-principal.decorator';

export const API_KEY_ROLES = 'byoc:api-key-roles';

/** Authenticates the API key (401) and checks its role against `@ApiKeyAuth(...roles)` (403). */
@Injectable()
export class ApiKeyAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & Record<string, unknown>>();
    const reply = http.getResponse<FastifyReply>();
    const principal = await this.authenticator.authenticate(request);
    if (!principal) {
      void reply.header('WWW-Authenticate', 'Bearer realm="byoc-bridge"');
      throw new AuthError('AUTH.INVALID_API_KEY', 'A valid API key is required (Authorization: Bearer <key>)');
    }
    const roles = this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(API_KEY_ROLES, [context.getHandler(), context.getClass()]) ?? [];
    if (roles.length > 0 && !roles.includes(principal.role)) {
      throw new AuthError('AUTH.ROLE_FORBIDDEN', `This endpoint needs an API key with the role ${roles.join(' or ')}`);
    }
    request[API_PRINCIPAL_PROPERTY] = principal;
    return true;
  }
}
