import { Injectable } from '@nestjs/common';
import { DfoBrandCredentials } from '../dfo-credentials';
import { DfoError } from '../dfo.errors';
import { DfoMetrics, outcomeOf } from '../dfo-metrics';
import { isRecord, toDfoError } from '../dfo-responses';
import { DfoExchange, DfoExchangeResult } from '../transport/dfo-exchange';
import { DfoHttpRequest } from '../transport/dfo-http.transport';

export interface DfoToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** docs/dfo-contract.md c.2.1 gives no lifetime for CXone tokens; 3600 s is the commonly quoted one. */
const DEFAULT_EXPIRES_IN_SECONDS = 3600;
const OPERATION = 'token';

/**
 * Fetches a bearer token for a brand, with the brand's auth kind:
 * - `access_key`: CXone's `POST /auth/token`, form-encoded `grant_type=password` with the access key id and secret
 *   (c.2.1; the encoding is the OAuth norm, DFO's own is unknown).
 * - `client_credentials`: the legacy `POST /engager/2.0/token` with JSON client credentials (c.2.2).
 * 5xx, 429 and network errors are retried like any DFO call; any other refusal is `AUTH_FAILED` at once, because
 * asking again with the same secret cannot succeed.
 */
@Injectable()
export class DfoTokenFetcher {
  constructor(
    private readonly exchange: DfoExchange,
    private readonly metrics: DfoMetrics,
  ) {}

  async fetch(credentials: DfoBrandCredentials): Promise<DfoToken> {
    try {
      const result = await this.exchange.send(OPERATION, tokenRequest(credentials));
      const token = interpret(result);
      this.metrics.tokenRequest('success');
      return token;
    } catch (err) {
      if (err instanceof DfoError) this.metrics.tokenRequest(outcomeOf(err.kind));
      throw err;
    }
  }
}

function tokenRequest(credentials: DfoBrandCredentials): DfoHttpRequest {
  const accept = { accept: 'application/json' };
  if (credentials.authKind === 'access_key') {
    const form = new URLSearchParams({ grant_type: 'password', username: credentials.keyId, password: credentials.secret });
    return { method: 'POST', url: credentials.authUrl, headers: { ...accept, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
  }
  const body = JSON.stringify({ grant_type: 'client_credentials', client_id: credentials.keyId, client_secret: credentials.secret });
  return { method: 'POST', url: credentials.authUrl, headers: { ...accept, 'content-type': 'application/json' }, body };
}

function interpret(result: DfoExchangeResult): DfoToken {
  if (result.kind === 'response' && result.status >= 200 && result.status < 300) return readToken(result.body);
  if (result.kind === 'response' && result.status < 500 && result.status !== 429) {
    // The token endpoint's 4xx body (`{"error":"invalid_client"}`) is not DFO's errors[] format; the status says it all.
    return fail(`the token endpoint refused the brand's credentials (${result.status})`, result.status);
  }
  throw toDfoError(OPERATION, result);
}

function readToken(body: string): DfoToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail('the token endpoint answered with a body that is not JSON');
  }
  if (!isRecord(parsed) || typeof parsed.access_token !== 'string' || parsed.access_token === '') {
    return fail('the token endpoint answered without an access_token');
  }
  const expiresIn = Number(parsed.expires_in);
  return {
    accessToken: parsed.access_token,
    expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_SECONDS,
  };
}

function fail(message: string, httpStatus?: number): never {
  throw new DfoError('AUTH_FAILED', `DFO token fetch failed: ${message}`, { operation: OPERATION, httpStatus });
}
