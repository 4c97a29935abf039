import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBoxRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export interface FakeIntegrationBox {
  /** `<root>/integration/box`: the Integration Box URL to register. */
  integrationBoxUrl: string;
  /** `<root>/integration/box/1.0/token`: the Authorization URL to register. */
  authorizationUrl: string;
  clientId: string;
  clientSecret: string;
  /** Every request, in order. */
  requests: FakeBoxRequest[];
  /** Forgets every issued token: the next call with one gets 401. */
  revokeTokens(): void;
  /** The next `count` calls (token endpoint excluded) are answered with `status` and `body`, after `delayMs`. */
  failNext(status: number, count?: number, body?: unknown, delayMs?: number): void;
  close(): Promise<void>;
}

/**
 * A small stand-in for a middleware's Integration Box (docs/architecture.md §6.1), enough to test the emulator's agent
 * side: a client-credentials token endpoint and bearer-protected reply, legacy reply and sender-action endpoints
 * answering as docs/dfo-contract.md a.2–a.4 expect.
 */
export interface FakeIntegrationBoxOptions {
  /**
   * Accept bearer tokens this function approves (e.g. tokens of the real token endpoint, checked with the app's
   * `IntegrationTokensService`) instead of the ones the fake's own token endpoint issued.
   */
  verifyToken?: (token: string) => Promise<boolean>;
}

export async function startFakeIntegrationBox(options: FakeIntegrationBoxOptions = {}): Promise<FakeIntegrationBox> {
  const clientId = `fake-client-${randomBytes(3).toString('hex')}`;
  const clientSecret = randomBytes(12).toString('hex');
  const tokens = new Set<string>();
  const requests: FakeBoxRequest[] = [];
  const failures: Array<{ status: number; body: unknown; delayMs: number }> = [];
  let sent = 0;

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = (req.url ?? '').split('?')[0]!;
    const contentType = req.headers['content-type'];
    let body: unknown = raw;
    try {
      body = contentType?.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw);
    } catch {
      // Kept as text.
    }
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, contentType, body });
    const b = (body ?? {}) as Record<string, unknown>;
    if (path === '/integration/box/1.0/token') {
      if (b.grant_type !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
      if (b.client_id !== clientId || b.client_secret !== clientSecret) return send(res, 401, { error: 'invalid_client' });
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      return send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    }
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const valid = bearer !== undefined && (options.verifyToken ? await options.verifyToken(bearer) : tokens.has(bearer));
    if (!valid) return send(res, 401, { error: 'invalid_token' });
    const failure = failures.shift();
    if (failure) {
      setTimeout(() => {
        if (!res.destroyed) send(res, failure.status, failure.body);
      }, failure.delayMs);
      return;
    }
    if (/^\/integration\/box\/2\.0\/channel\/[^/]+\/outbound$/.test(path)) {
      const thread = b.thread as { idOnExternalPlatform: string };
      const recipients = (b.endUserRecipients ?? []) as Array<{ idOnExternalPlatform: string }>;
      return send(res, 200, {
        message: { idOnExternalPlatform: `fake-msg-${++sent}`, createdAtWithMilliseconds: new Date().toISOString(), url: `https://fake.example/m/${sent}` },
        thread: { idOnExternalPlatform: thread.idOnExternalPlatform },
        endUserIdentities: recipients.map((r) => ({ idOnExternalPlatform: r.idOnExternalPlatform })),
        recipients,
      });
    }
    if (/^\/integration\/box\/1\.0\/posts\/[^/]+\/messages$/.test(path)) return send(res, 200, { idOnExternalPlatform: `fake-post-msg-${++sent}` });
    if (/^\/integration\/box\/1\.0\/channel\/[^/]+\/thread\/[^/]+\/sender-action$/.test(path)) return send(res, 204);
    return send(res, 404, { error: 'not_found' });
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      handle(req, res, raw).catch(() => send(res, 500, { error: 'fake box failure' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    integrationBoxUrl: `${root}/integration/box`,
    authorizationUrl: `${root}/integration/box/1.0/token`,
    clientId,
    clientSecret,
    requests,
    revokeTokens: () => tokens.clear(),
    failNext: (status, count = 1, body = { error: 'injected' }, delayMs = 0) => {
      for (let i = 0; i < count; i++) failures.push({ status, body, delayMs });
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
