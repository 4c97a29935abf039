import { randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake DFO received, for specs to pin the exact request a client sent. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  /** Never answer (for timeouts); the socket is destroyed on `stop()`. */
  hang?: boolean;
}

export type FakeRoute = FakeReply | ((req: FakeRequest) => FakeReply | Promise<FakeReply>);

/** What DFO knows about a one-time token it minted for an admin (docs/dfo-contract.md a.5). */
export interface OneTimeTokenGrant {
  brandId: number;
  userId: number;
  /** What the verification returns as `accessToken`; a fresh one when left out. */
  accessToken?: string;
  brand?: Record<string, unknown>;
  user?: Record<string, unknown>;
}

/**
 * A small DFO stand-in on an ephemeral loopback port, for unit specs of HTTP clients. Routes are keyed by
 * `"METHOD /path"`, or `"METHOD /prefix/*"` for any path under a prefix (an exact key wins); `script()` queues
 * one-off replies that are used before the route. Both token endpoints answer by default with `tok-1`, `tok-2`, ...
 * (`expires_in` from `tokenTtlSeconds`). `mintOneTimeToken()` makes `POST /dfo/3.0/one-time-token/verification`
 * accept a token once.
 */
export class FakeDfoServer {
  readonly requests: FakeRequest[] = [];
  tokenTtlSeconds: number | undefined = 3600;
  private readonly routes = new Map<string, FakeRoute>();
  private readonly scripts = new Map<string, FakeReply[]>();
  private server: Server | undefined;
  private tokensIssued = 0;
  private readonly oneTimeTokens = new Map<string, OneTimeTokenGrant & { accessToken: string }>();
  origin = '';

  constructor() {
    const token = (): FakeReply => ({ body: { access_token: `tok-${++this.tokensIssued}`, token_type: 'Bearer', ...(this.tokenTtlSeconds !== undefined ? { expires_in: this.tokenTtlSeconds } : {}) } });
    this.route('POST /auth/token', token);
    this.route('POST /engager/2.0/token', token);
  }

  get apiBaseUrl(): string {
    return `${this.origin}/dfo/3.0`;
  }

  route(key: string, route: FakeRoute): this {
    this.routes.set(key, route);
    return this;
  }

  /** Replies used once each, in order, before falling back to the route. */
  script(key: string, ...replies: FakeReply[]): this {
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...replies]);
    return this;
  }

  /**
   * A one-time token as CXone mints it when an admin clicks Add / Reconnect / Remove. Its verification answers
   * `{brand, user, accessToken}` once, for the same brand, user and purpose `channel-integration`; any other use
   * gets DFO's 400 with an `errors[]` body, as an expired or used token would.
   */
  mintOneTimeToken(grant: OneTimeTokenGrant): { token: string; accessToken: string } {
    this.route('POST /dfo/3.0/one-time-token/verification', (req) => this.verifyOneTimeToken(req));
    const token = `ott-${randomBytes(12).toString('hex')}`;
    const accessToken = grant.accessToken ?? `cxone-at-${randomBytes(12).toString('hex')}`;
    this.oneTimeTokens.set(token, { ...grant, accessToken });
    return { token, accessToken };
  }

  requestsTo(key: string): FakeRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === key);
  }

  get tokenRequests(): FakeRequest[] {
    return this.requests.filter((r) => r.path === '/auth/token' || r.path === '/engager/2.0/token');
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: FakeRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(recorded);
    const key = `${recorded.method} ${recorded.path}`;
    const reply = await this.replyFor(key, recorded);
    if (reply.hang) return;
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const headers = { ...(typeof reply.body === 'object' ? { 'content-type': 'application/json' } : {}), ...reply.headers };
    res.writeHead(reply.status ?? 200, headers).end(body);
  }

  private verifyOneTimeToken(req: FakeRequest): FakeReply {
    const body = JSON.parse(req.body || '{}') as { brandId?: unknown; userId?: unknown; token?: unknown; purpose?: unknown };
    const grant = typeof body.token === 'string' ? this.oneTimeTokens.get(body.token) : undefined;
    if (typeof body.token === 'string') this.oneTimeTokens.delete(body.token);
    if (!grant || grant.brandId !== body.brandId || grant.userId !== body.userId || body.purpose !== 'channel-integration') {
      return { status: 400, body: { errors: [{ field: 'token', message: 'The one-time token is invalid, expired or already used.' }] } };
    }
    const brand = { id: grant.brandId, friendlyName: 'The Jungle', tenantId: 'tenant-1', businessUnitId: 4600123, timezone: 'UTC', ...grant.brand };
    const user = { id: grant.userId, firstName: 'Baloo', surname: 'Bear', emailAddress: 'baloo@jungle.example', ...grant.user };
    return { body: { brand, user, accessToken: grant.accessToken } };
  }

  private async replyFor(key: string, req: FakeRequest): Promise<FakeReply> {
    const scripted = this.scripts.get(key)?.shift();
    if (scripted) return scripted;
    const route = this.routes.get(key) ?? this.wildcardRoute(key);
    if (route === undefined) return { status: 404, body: { errors: [{ message: `no fake route for ${key}` }] } };
    return typeof route === 'function' ? route(req) : route;
  }

  private wildcardRoute(key: string): FakeRoute | undefined {
    for (const [pattern, route] of this.routes) {
      if (pattern.endsWith('/*') && key.startsWith(pattern.slice(0, -1))) return route;
    }
    return undefined;
  }
}
