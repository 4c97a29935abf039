import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../core/config/app-config';
import { OAuthError } from './auth.errors';
import { presentedClientId } from './token-request';

const MINUTE_MS = 60_000;

/**
 * The token endpoint's limits (`@nestjs/throttler`, in memory, so counted per instance): requests per client address
 * (the socket's, or `X-Forwarded-For` from a trusted proxy: Fastify's `request.ip`), and per client id named in the
 * request, known or not. The second bounds the scrypt work anyone can cause for one integration; unknown client ids
 * cost none (see `ClientSecretChecker`).
 */
export function tokenRateLimits(config: AppConfig): ThrottlerModuleOptions {
  return {
    setHeaders: false,
    throttlers: [
      { name: 'address', ttl: MINUTE_MS, limit: config.security.integrationTokenRequestsPerMinutePerAddress },
      {
        name: 'client',
        ttl: MINUTE_MS,
        limit: config.security.integrationTokenRequestsPerMinutePerClient,
        getTracker: (req) => `client:${clientIdOf(req as FastifyRequest)}`,
        skipIf: (context) => clientIdOf(context.switchToHttp().getRequest<FastifyRequest>()) === null,
      },
    ],
  };
}

function clientIdOf(request: FastifyRequest): string | null {
  return presentedClientId(request.body, request.headers.authorization);
}

/** Answers over the limit as an OAuth error (`429 {"error": "slow_down"}`) with `Retry-After` in seconds. */
@Injectable()
export class TokenRateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    throw new OAuthError('OAUTH.SLOW_DOWN', 'Too many token requests', { 'Retry-After': retryAfter });
  }
}
