import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Passport } from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { ApiKeysService } from './api-keys.service';
import { ApiPrincipal } from './current-principal.decorator';

const STRATEGY = 'api-key';

/**
 * Runs passport's bearer strategy for API keys. It owns its own `Passport` instance instead of passport's global
 * one (which `@nestjs/passport` registers into), so two apps in one process (tests, blue/green in one worker) never
 * authenticate through each other's strategy and database.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly passport = new Passport();

  constructor(apiKeys: ApiKeysService) {
    this.passport.use(
      STRATEGY,
      new BearerStrategy({ passReqToCallback: true }, (req: Request, token: string, done: (err: unknown, user?: ApiPrincipal | false) => void) => {
        // The strategy also reads `access_token` from the body and the query string. Keys belong in the header
        // only: a query string ends up in access logs and browser history.
        if (!req.headers.authorization) return done(null, false);
        apiKeys.authenticate(token).then((principal) => done(null, principal ?? false), done);
      }),
    );
  }

  /** The principal of the request's `Authorization: Bearer <key>`, or null when it is missing or not valid. */
  authenticate(request: FastifyRequest, reply: FastifyReply): Promise<ApiPrincipal | null> {
    return new Promise((resolve, reject) => {
      const middleware = this.passport.authenticate(STRATEGY, { session: false }, (err: unknown, user: ApiPrincipal | false) =>
        err ? reject(err) : resolve(user || null),
      );
      middleware(request as unknown as Request, reply as unknown as Parameters<typeof middleware>[1], (err?: unknown) =>
        err ? reject(err) : resolve(null),
      );
    });
  }
}
