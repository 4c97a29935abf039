import { Injectable, Logger } from '@nestjs/common';
import { DfoCredentials } from './dfo-credentials';
import { DfoError } from './dfo.errors';
import { DfoMetrics, outcomeOf } from './dfo-metrics';
import { toDfoError } from './dfo-responses';
import { DfoExchange, DfoExchangeResult } from './transport/dfo-exchange';
import { DfoHttpMethod, DfoHttpRequest } from './transport/dfo-http.transport';
import { DfoTokenCache } from './token/dfo-token.cache';

/** One DFO operation: where it goes, what it sends, and how its 2xx body is read. */
export interface DfoCall<T> {
  operation: string;
  method: DfoHttpMethod;
  /** Relative to the API base URL, path parameters already encoded. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  read: (operation: string, body: string) => T;
  /** False for a call that must not be repeated blindly (see `DfoExchange.send`). Default true. */
  repeatable?: boolean;
}

/**
 * Runs `DfoCall`s: authenticates them, lets `DfoExchange` retry them, refreshes the token once on a 401, maps the
 * final answer to a value or a `DfoError`, and records the outcome and duration of the whole call.
 */
@Injectable()
export class DfoApiCaller {
  private readonly logger = new Logger('DfoClient');

  constructor(
    private readonly exchange: DfoExchange,
    private readonly tokens: DfoTokenCache,
    private readonly metrics: DfoMetrics,
  ) {}

  call<T>(credentials: DfoCredentials, call: DfoCall<T>): Promise<T> {
    return this.measured(call.operation, () => this.authorised(credentials, call));
  }

  /** For the few operations DFO serves without a bearer token (one-time-token verification). */
  callAnonymous<T>(apiBaseUrl: string, call: DfoCall<T>): Promise<T> {
    return this.measured(call.operation, async () => finish(call, await this.exchange.send(call.operation, request(apiBaseUrl, call))));
  }

  private async authorised<T>(credentials: DfoCredentials, call: DfoCall<T>): Promise<T> {
    if (credentials.kind === 'access_token') {
      // A token from the one-time-token exchange cannot be refreshed: its 401 is final.
      return finish(call, await this.exchange.send(call.operation, request(credentials.apiBaseUrl, call, credentials.accessToken), call.repeatable));
    }
    const token = await this.tokens.get(credentials);
    let result = await this.exchange.send(call.operation, request(credentials.apiBaseUrl, call, token), call.repeatable);
    if (result.kind === 'response' && result.status === 401) {
      // Revoked or expired early: one refresh (shared with concurrent callers) and one retry; a second 401 is final.
      this.tokens.invalidate(credentials, token);
      const fresh = await this.tokens.get(credentials);
      result = await this.exchange.send(call.operation, request(credentials.apiBaseUrl, call, fresh), call.repeatable);
    }
    return finish(call, result);
  }

  private async measured<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const value = await run();
      this.metrics.request(operation, 'success', seconds());
      return value;
    } catch (err) {
      if (err instanceof DfoError) {
        const durationMs = Math.round(seconds() * 1000);
        this.metrics.request(operation, outcomeOf(err.kind), seconds());
        this.logger.warn({ operation, kind: err.kind, status: err.extra.httpStatus, durationMs }, 'DFO call failed');
      }
      throw err;
    }
  }
}

function request(apiBaseUrl: string, call: DfoCall<unknown>, token?: string): DfoHttpRequest {
  const query = call.query?.toString();
  const url = `${apiBaseUrl.replace(/\/+$/, '')}${call.path}${query ? `?${query}` : ''}`;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'byoc-bridge' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (call.body === undefined) return { method: call.method, url, headers };
  return { method: call.method, url, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(call.body) };
}

function finish<T>(call: DfoCall<T>, result: DfoExchangeResult): T {
  if (result.kind === 'response' && result.status >= 200 && result.status < 300) return call.read(call.operation, result.body);
  throw toDfoError(call.operation, result);
}
