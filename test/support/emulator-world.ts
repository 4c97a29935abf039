import { randomBytes, randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { withEmbeddedSecrets } from '../../src/core/config/embedded-secrets';
import { loadConfig } from '../../src/core/config/load-config';
import { startStandaloneEmulator } from '../../emulators/dfo/standalone';
import { createBrand, createChannel, createIntegration } from './admin-api';
import { deleteBrands } from './brand-cleanup';
import { EmulatorClient } from './emulator';
import { FakePlatform, signedWebhook } from './fake-platform';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from './test-app';

export interface JungleChannel {
  brandId: string;
  dfoBrandId: number;
  integrationId: string;
  /** What DFO presents to our token endpoint. */
  clientId: string;
  clientSecret: string;
  channelId: string;
  dfoChannelId: string;
  secret: string;
  platform: FakePlatform;
}

/**
 * byoc-bridge listening on a real port, the standalone DFO emulator, and fake platforms, wired as a CXone admin
 * would: the brand's DFO is the emulator, the integration is registered in the emulator with our Integration Box
 * and token URLs, and channels are created in DFO by the admin API. The emulator's agent then reaches us over HTTP.
 */
export class EmulatorWorld {
  private readonly platforms: FakePlatform[] = [];
  private readonly brandIds: string[] = [];

  private constructor(
    readonly t: TestApp,
    readonly dfo: EmulatorClient,
    private readonly closeEmulator: () => Promise<void>,
  ) {}

  /** Real Postgres, and the emulator standalone on its own port. */
  static async start(env: Record<string, string> = {}): Promise<EmulatorWorld> {
    const emulator = await startStandaloneEmulator({ port: 0 });
    const t = await startTestApp({ ...FAST_RETRIES, ...env }, { listen: true });
    return new EmulatorWorld(t, new EmulatorClient(emulator.url), () => emulator.close());
  }

  /**
   * The embedded default: PGlite (one connection) in `dataDir`, the in-process event bus, and the emulator mounted
   * in the app under `/sandbox`, exactly as `npm start` runs with no configuration.
   */
  static async startEmbedded(dataDir: string, env: Record<string, string> = {}): Promise<EmulatorWorld> {
    const config = loadConfig(withEmbeddedSecrets({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_API_KEY: TEST_ADMIN_KEY, ...FAST_RETRIES, ...env }).env);
    const app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const t: TestApp = { app, config, url, close: () => app.close() };
    return new EmulatorWorld(t, new EmulatorClient(`${url}/sandbox`), async () => undefined);
  }

  get db(): DataSource {
    return this.t.app.get(DataSource);
  }

  async channel(options: { replyApi?: '2.0' | '1.0'; settings?: Record<string, unknown> } = {}): Promise<JungleChannel> {
    const dfoBrandId = randomInt(100_000, 2_000_000_000);
    const key = { keyId: `key-${dfoBrandId}`, secret: randomBytes(16).toString('hex') };
    await this.dfo.registerBrand(dfoBrandId, { friendlyName: 'The Jungle', accessKeys: [key] });
    const brand = await createBrand(this.t, { name: 'The Jungle', dfoBrandId, dfo: { apiBaseUrl: this.dfo.dfoApiBaseUrl, authUrl: this.dfo.authUrl, ...key } });
    this.brandIds.push(brand.id);
    const integration = await createIntegration(this.t, brand.id, { replyApi: options.replyApi ?? '2.0' });
    // What the admin pastes into CXone's BYOC form, with our public URL replaced by where the test app listens.
    await this.dfo.registerIntegration(integration.channelIntegrationId!, {
      integrationBoxUrl: `${this.t.url}/integration/box`,
      authorizationUrl: `${this.t.url}/integration/box/1.0/token`,
      clientId: integration.clientId,
      clientSecret: integration.clientSecret,
      replyApi: options.replyApi ?? '2.0',
      brandId: dfoBrandId,
    });
    const secret = randomBytes(24).toString('hex');
    const platform = await FakePlatform.start({ secrets: secret });
    this.platforms.push(platform);
    const channel = await createChannel(this.t, integration.id, {
      name: 'Watering Hole DMs',
      adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] },
      settings: options.settings ?? {},
    });
    return { brandId: brand.id, dfoBrandId, integrationId: integration.id, clientId: integration.clientId, clientSecret: integration.clientSecret, channelId: channel.id, dfoChannelId: channel.dfoChannelId, secret, platform };
  }

  /** The platform's signed `POST /webhooks/{dfoChannelId}`, over HTTP like a real platform. */
  async webhook(ch: JungleChannel, body: unknown, options: { secret?: string; timestamp?: number } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const signed = signedWebhook(options.secret ?? ch.secret, body, { timestamp: options.timestamp });
    const res = await fetch(`${this.t.url}/webhooks/${ch.dfoChannelId}`, { method: 'POST', headers: signed.headers, body: signed.payload });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params);
  }

  /** Our view: every message of the channel with its status. */
  messages(ch: JungleChannel) {
    return this.query<{ direction: string; author_kind: string; status: string; id_on_external_platform: string; platform_message_id: string | null; status_reason: string | null }>(
      `SELECT direction, author_kind, status, id_on_external_platform, platform_message_id, status_reason FROM messages WHERE channel_id = $1 ORDER BY created_at, id`,
      [ch.channelId],
    );
  }

  async close(): Promise<void> {
    await this.t.close();
    // The embedded database goes away with its data directory.
    if (this.t.config.database.url) await deleteBrands(this.brandIds, this.t.config.database.url);
    await this.closeEmulator();
    await Promise.all(this.platforms.map((p) => p.close()));
  }
}

/** Retries fast enough for tests to watch them. */
const FAST_RETRIES = { OUTBOX_BACKOFF_BASE_MS: '50', OUTBOX_BACKOFF_MAX_MS: '400', OUTBOX_SWEEP_INTERVAL_MS: '200', PLATFORM_TIMEOUT_MS: '1000', DFO_MAX_RETRIES: '0' };

/** A webhook body with one message event from Simba, unless told otherwise. */
export function simbaSays(id: string, threadId: string, text: string, author: Record<string, unknown> = { id: 'simba', firstName: 'Simba', lastName: 'Lion', nickname: '@simba' }) {
  return { events: [{ type: 'message', id, threadId, createdAt: new Date().toISOString(), author, text }] };
}
