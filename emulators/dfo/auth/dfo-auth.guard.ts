import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorTokens } from './emulator-tokens';

type AuthedRequest = FastifyRequest & { sandboxBrandId?: number };

const REASONS = {
  missing: 'Authorization header with a Bearer token is required.',
  unknown: 'The access token is not valid.',
  expired: 'The access token has expired.',
} as const;

/** Bearer tokens issued by the emulator's token endpoints (or a one-time-token verification); 401 otherwise. */
@Injectable()
export class DfoAuthGuard implements CanActivate {
  constructor(private readonly tokens: EmulatorTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const result = this.tokens.check(request.headers.authorization);
    if (!result.ok) throw DfoApiError.unauthorized(REASONS[result.reason]);
    request.sandboxBrandId = result.brandId;
    return true;
  }
}

/** The brand of the caller's token. */
export const DfoBrandId = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const brandId = context.switchToHttp().getRequest<AuthedRequest>().sandboxBrandId;
  if (brandId === undefined) throw DfoApiError.unauthorized(REASONS.missing);
  return brandId;
});
