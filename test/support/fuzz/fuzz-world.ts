import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { signedHeaders } from '../../../src/platform-adapters/webhook/webhook-signature';
import { bearer, Channel, createApiKey, createChannel, integrationToken } from '../admin-api';
import { EmulatorWorld, JungleChannel, simbaSays } from '../emulator-world';
import { TEST_ADMIN_KEY } from '../test-app';
import { startSession } from '../webchat';
import { FuzzCase, percentEncode } from './hostile-values';
import { Route } from './openapi-routes';

export interface FuzzAnswer {
  status: number;
  body: string;
  /** No answer within the per-request timeout. */
  timedOut: boolean;
}

/**
 * The service with one of everything a route may need, and credentials for every security scheme of its OpenAPI
 * document, so that fuzzed input gets past authentication: a brand whose DFO is the emulator, an integration and
 * its Integration Box token, a webhook channel (signing secret) and a web chat channel (session token), a
 * conversation on each, a delivery and a support key. Background work is slowed right down so that the row counts
 * change only through the requests under test.
 */
export class FuzzWorld {
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 2 });
  private values: Record<string, string> = {};
  private webhookChannel!: JungleChannel;
  private webchatChannel!: Channel;
  private tokens: Record<string, string> = {};

  private constructor(readonly world: EmulatorWorld) {}

  static async start(): Promise<FuzzWorld> {
    const world = await EmulatorWorld.start({
      DATABASE_POOL_SIZE: '2',
      WEBCHAT_SESSIONS_PER_MINUTE: '100000',
      WEBCHAT_MESSAGES_PER_MINUTE: '100000',
      OUTBOX_BACKOFF_BASE_MS: '600000',
      OUTBOX_BACKOFF_MAX_MS: '600000',
      OUTBOX_SWEEP_INTERVAL_MS: '60000',
      LIFECYCLE_TICK_MS: '60000',
      CASE_SYNC_INTERVAL_MS: '600000',
      PLATFORM_TIMEOUT_MS: '1000',
      DFO_TIMEOUT_MS: '2000',
    });
    const fuzz = new FuzzWorld(world);
    await fuzz.makeFixtures();
    return fuzz;
  }

  get url(): string {
    return this.world.t.url;
  }

  private async makeFixtures(): Promise<void> {
    const t = this.world.t;
    const settings = { idleTimeoutSeconds: 86_400 };
    this.webhookChannel = await this.world.channel({ settings });
    const ch = this.webhookChannel;
    this.webchatChannel = await createChannel(t, ch.integrationId, { adapter: 'webchat', adapterConfig: { allowedOrigins: ['https://shop.example'] }, settings });
    const session = await startSession(t, this.webchatChannel);
    const sent = await t.app.inject({ method: 'POST', url: `/webchat/${this.webchatChannel.dfoChannelId}/messages`, headers: { authorization: `Bearer ${session.sessionToken}` }, payload: { text: 'Hello' } });
    if (sent.statusCode !== 202) throw new Error(`fixture message: ${sent.statusCode} ${sent.body}`);
    const hook = await this.world.webhook(ch, simbaSays('m-fuzz', 't-fuzz', 'Hello'));
    if (hook.status !== 202) throw new Error(`fixture webhook: ${hook.status}`);
    const [thread] = await this.world.query<{ id: string }>('SELECT id FROM threads WHERE channel_id = $1', [this.webchatChannel.id]);
    const [hookThread] = await this.world.query<{ dfo_thread_ref: string }>('SELECT dfo_thread_ref FROM threads WHERE channel_id = $1', [ch.channelId]);
    const [delivery] = await this.world.query<{ id: string }>('SELECT id FROM deliveries WHERE brand_id = $1 ORDER BY id LIMIT 1', [ch.brandId]);
    const key = await createApiKey(t, { role: 'support', brandIds: [ch.brandId] });
    this.tokens = {
      'api-key': TEST_ADMIN_KEY,
      'integration-token': await integrationToken(t, ch.clientId, ch.clientSecret),
      'webchat-session': session.sessionToken,
      'client-basic': Buffer.from(`${encodeURIComponent(ch.clientId)}:${encodeURIComponent(ch.clientSecret)}`).toString('base64'),
    };
    this.values = {
      brands: ch.brandId,
      integrations: ch.integrationId,
      channels: ch.channelId,
      threads: thread?.id ?? randomUUID(),
      deliveries: delivery?.id ?? randomUUID(),
      'api-keys': key.id,
      threadRef: hookThread?.dfo_thread_ref ?? 't-fuzz',
    };
  }

  /** The valid value of a path parameter, from the segment it follows (`/api/v1/threads/{id}` → a thread id). */
  pathValue(route: Route, name: string): string {
    const segments = route.path.split('/');
    const before = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
    if (route.method === 'DELETE') return randomUUID(); // never delete a fixture: later routes need it
    if (route.path.startsWith('/webchat/')) return this.webchatChannel.dfoChannelId;
    if (name === 'channelId' && route.path.startsWith('/api/')) return this.webhookChannel.channelId;
    if (name === 'channelId') return this.webhookChannel.dfoChannelId;
    if (name === 'threadId' || name === 'postId') return this.values.threadRef!;
    if (name === 'action') return 'add';
    if (name === 'integrationId') return this.webhookChannel.integrationId;
    if (name === 'brandId') return this.webhookChannel.brandId;
    return this.values[before] ?? randomUUID();
  }

  /** An ordinary request through the same pool: it must work after anything the fuzz sent. */
  async ordinaryRequestWorks(): Promise<boolean> {
    const res = await this.world.t.app.inject({ method: 'GET', url: `/api/v1/threads?brandId=${this.webhookChannel.brandId}`, headers: bearer() });
    const ready = await this.world.t.app.inject({ method: 'GET', url: '/health/ready' });
    return res.statusCode === 200 && ready.statusCode === 200;
  }

  /** Sends one case over HTTP, with the credentials the route's security asks for. */
  async send(route: Route, fuzzCase: FuzzCase, baselineQuery: Record<string, string>, timeoutMs: number): Promise<FuzzAnswer | null> {
    let path = route.path;
    for (const name of route.pathParams) path = path.replace(`{${name}}`, fuzzCase.path?.[name] ?? percentEncode(this.pathValue(route, name)));
    const query: Record<string, string> = { ...baselineQuery };
    const headers: Record<string, string> = {};
    for (const scheme of route.security) {
      if (scheme === 'webchat-session-query') query.token = percentEncode(this.tokens['webchat-session']!);
      else if (scheme === 'client-basic') headers.authorization = `Basic ${this.tokens[scheme]}`;
      else if (this.tokens[scheme]) headers.authorization = `Bearer ${this.tokens[scheme]}`;
    }
    Object.assign(query, fuzzCase.query);
    const body = fuzzCase.body ?? (route.bodyTypes.length > 0 && route.body !== undefined ? { bytes: Buffer.from(JSON.stringify(route.body)), type: 'application/json' } : undefined);
    if (body) headers['content-type'] = body.type;
    if (route.security.includes('webhook-signature')) Object.assign(headers, signedHeaders(this.webhookChannel.secret, body?.bytes ?? Buffer.alloc(0), new Date()));
    const search = Object.entries(query).map(([k, v]) => `${k}=${v}`).join('&');
    try {
      const res = await request(`${this.url}${path}${search ? `?${search}` : ''}`, {
        method: route.method as 'GET',
        headers,
        body: body?.bytes,
        dispatcher: this.agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        res.body.destroy();
        return { status: res.statusCode, body: '(event stream)', timedOut: false };
      }
      return { status: res.statusCode, body: (await res.body.text()).slice(0, 300), timedOut: false };
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { status: 0, body: code, timedOut: true };
      if (code === 'UND_ERR_INVALID_ARG') return null; // the client itself refuses to send this URL
      return { status: 0, body: `${code} ${(err as Error).message}`.slice(0, 300), timedOut: false };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
    await this.world.close();
  }
}
