import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from './api-keys.service';
import { ApiPrincipal } from './current-principal.decorator';

/** `Bearer` (any case), spaces, the key. */
const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Reads the API key from `Authorization: Bearer <key>`, and from nowhere else (docs/architecture.md §9.5): a key in the
 * query string (`?access_token=`, RFC 6750 §2.3) ends up in access logs, proxies and browser history, and one in a
 * form body can be planted by a cross-site form.
 */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** The principal of the request's `Authorization: Bearer <key>`, or null when it is missing or not valid. */
  async authenticate(request: FastifyRequest): Promise<ApiPrincipal | null> {
    const key = BEARER.exec(request.headers.authorization ?? '')?.[1];
    return key === undefined ? null : this.apiKeys.authenticate(key);
  }
}
