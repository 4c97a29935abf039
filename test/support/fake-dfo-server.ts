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

/**
 * A small DFO stand-in on an ephemeral loopback port, for unit specs of HTTP clients. Routes are keyed by
 * `"METHOD /path"`; `script()` queues one-off replies that are used before the route. Both token endpoints answer
 * by default with `tok-1`, `tok-2`, ... (`expires_in` from `tokenTtlSeconds`).
 */
export class FakeDfoServer {
  readonly requests: FakeRequest[] = [];
  tokenTtlSeconds: number | undefined = 3600;
  private readonly routes = new Map<string, FakeRoute>();
  private readonly scripts = new Map<string, FakeReply[]>();
  private server: Server | undefined;
  private tokensIssued = 0;
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

  private async replyFor(key: string, req: FakeRequest): Promise<FakeReply> {
    const scripted = this.scripts.get(key)?.shift();
    if (scripted) return scripted;
    const route = this.routes.get(key);
    if (route === undefined) return { status: 404, body: { errors: [{ message: `no fake route for ${key}` }] } };
    return typeof route === 'function' ? route(req) : route;
  }
}
