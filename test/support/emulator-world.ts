import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StandaloneEmulatorOptions, startStandaloneEmulator } from '../../emulators/dfo/standalone';
import { Channel } from './admin-api';
import { deleteBrands } from './brand-cleanup';
import { EmulatorClient } from './emulator';
import { wireChannel, WiredChannel } from './emulator-wiring';
import { FakePlatform, signedWebhook } from './fake-platform';
import { startEmbeddedApp, startTestApp, TestApp } from './test-app';

/** A webhook channel wired to the emulator, whose platform is a fake one of its own. */
export interface JungleChannel extends WiredChannel {
  /** The channel's signing secret, shared with its platform. */
  secret: string;
  platform: FakePlatform;
}

/** Retries fast enough for tests to watch them. */
const FAST_RETRIES = { OUTBOX_BACKOFF_BASE_MS: '50', OUTBOX_BACKOFF_MAX_MS: '400', OUTBOX_SWEEP_INTERVAL_MS: '200', PLATFORM_TIMEOUT_MS: '1000', DFO_MAX_RETRIES: '0' };

/** Lifecycle sweeps and case reads a few times a second, for specs that watch deadlines act (defaults: 1 s, 5 s). */
export const FAST_LIFECYCLE = { LIFECYCLE_TICK_MS: '100', CASE_SYNC_INTERVAL_MS: '200' };

type Mode = { kind: 'standalone'; closeEmulator: () => Promise<void> } | { kind: 'sandbox' } | { kind: 'embedded'; dataDir: string };

/**
 * The e2e world with DFO played by the emulator: byoc-bridge listening on a real port, the emulator (standalone on
 * its own port, or in the app under `/sandbox`), and fake platforms, wired as a CXone admin would (`wireChannel`).
 * The emulator's agent reaches us over HTTP, so a whole conversation runs both ways.
 */
export class EmulatorWorld {
  private readonly platforms: FakePlatform[] = [];
  private readonly wired: WiredChannel[] = [];

  private constructor(
    private app: TestApp,
    readonly dfo: EmulatorClient,
    private readonly env: Record<string, string>,
    private readonly mode: Mode,
  ) {}

  /** Real Postgres, and the emulator standalone on its own port (with `emulatorOptions`, e.g. a server CA to trust). */
  static async start(env: Record<string, string> = {}, emulatorOptions: StandaloneEmulatorOptions = {}): Promise<EmulatorWorld> {
    const emulator = await startStandaloneEmulator({ ...emulatorOptions, port: 0 });
    const merged = { ...FAST_RETRIES, ...env };
    const t = await startTestApp(merged, { listen: true });
    return new EmulatorWorld(t, new EmulatorClient(emulator.url), merged, { kind: 'standalone', closeEmulator: () => emulator.close() });
  }

  /** Real Postgres, sandbox mode: the emulator inside the app, acting as the agent's side through our Integration Box. */
  static async startSandbox(env: Record<string, string> = {}): Promise<EmulatorWorld> {
    const merged = { SANDBOX: 'true', ...FAST_RETRIES, ...env };
    const t = await startTestApp(merged, { listen: true });
    return new EmulatorWorld(t, new EmulatorClient(`${t.url}/sandbox`), merged, { kind: 'sandbox' });
  }

  /** The embedded default (`startEmbeddedApp`): PGlite in `dataDir`, the in-process bus, the emulator in the app. */
  static async startEmbedded(dataDir: string, env: Record<string, string> = {}): Promise<EmulatorWorld> {
    const merged = { ...FAST_RETRIES, ...env };
    const t = await startEmbeddedApp(dataDir, merged);
    return new EmulatorWorld(t, new EmulatorClient(`${t.url}/sandbox`), merged, { kind: 'embedded', dataDir });
  }

  get t(): TestApp {
    return this.app;
  }

  get db(): DataSource {
    return this.app.app.get(DataSource);
  }

  /** A webhook channel on a brand of its own, with a fake platform of its own. */
  async channel(options: { replyApi?: '2.0' | '1.0'; settings?: Record<string, unknown> } = {}): Promise<JungleChannel> {
    const secret = randomBytes(24).toString('hex');
    const platform = await FakePlatform.start({ secrets: secret });
    this.platforms.push(platform);
    const wired = await this.wire({
      replyApi: options.replyApi,
      channel: { name: 'Watering Hole DMs', adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] }, settings: options.settings ?? {} },
    });
    return { ...wired, secret, platform };
  }

  /** A web chat channel on a brand of its own; the widget may be embedded on `allowedOrigins`. */
  async webchatChannel(settings: Record<string, unknown> = {}, allowedOrigins: string[] = []): Promise<Channel> {
    const wired = await this.wire({ channel: { adapter: 'webchat', adapterConfig: { allowedOrigins, title: 'The Jungle, Inc.' }, settings } });
    return wired.channel;
  }

  /** Opens a case in DFO on a DFO thread of the channel, as the outbox's `dfo.create_message` does; its number. */
  openCase(ch: WiredChannel, dfoThreadRef: string): Promise<string> {
    return this.dfo.openCase(ch.accessKey, ch.dfoChannelId, dfoThreadRef);
  }

  /**
   * Stops the app and starts it again with the same configuration (the emulator and the platforms stay), as an
   * orchestrator replaces the only instance; `whileDown` runs in between. The integrations in DFO are pointed at
   * the new port.
   */
  async restartApp(whileDown: () => Promise<void> = async () => undefined): Promise<void> {
    if (this.mode.kind !== 'standalone') throw new Error('restartApp: only with the standalone emulator (the others live in the app)');
    await this.app.close();
    await whileDown();
    this.app = await startTestApp(this.env, { listen: true });
    for (const wired of this.wired) {
      await this.dfo.patchIntegration(wired.channelIntegrationId, { integrationBoxUrl: `${this.app.url}/integration/box`, authorizationUrl: `${this.app.url}/integration/box/1.0/token` });
    }
  }

  /** The platform's signed `POST /webhooks/{dfoChannelId}`, over HTTP like a real platform. */
  async webhook(ch: JungleChannel, body: unknown, options: { secret?: string; timestamp?: number } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const signed = signedWebhook(options.secret ?? ch.secret, body, { timestamp: options.timestamp });
    const res = await fetch(`${this.app.url}/webhooks/${ch.dfoChannelId}`, { method: 'POST', headers: signed.headers, body: signed.payload });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params);
  }

  /** Our view: every message of the channel with its status. */
  messages(ch: WiredChannel) {
    return this.query<{ direction: string; author_kind: string; status: string; id_on_external_platform: string; platform_message_id: string | null; status_reason: string | null }>(
      `SELECT direction, author_kind, status, id_on_external_platform, platform_message_id, status_reason FROM messages WHERE channel_id = $1 ORDER BY created_at, id`,
      [ch.channelId],
    );
  }

  /** Stops the app, then deletes the brands it made (the embedded database goes away with its data directory). */
  async close(): Promise<void> {
    await this.app.close();
    if (this.mode.kind !== 'embedded') await deleteBrands(this.wired.map((w) => w.brandId));
    if (this.mode.kind === 'standalone') await this.mode.closeEmulator();
    await Promise.all(this.platforms.map((p) => p.close()));
  }

  private async wire(options: Parameters<typeof wireChannel>[3]): Promise<WiredChannel> {
    const wired = await wireChannel(this.app, this.dfo, this.app.url, options);
    this.wired.push(wired);
    return wired;
  }
}

/** A webhook body with one message event from Simba, unless told otherwise. */
export function simbaSays(id: string, threadId: string, text: string, author: Record<string, unknown> = { id: 'simba', firstName: 'Simba', lastName: 'Lion', nickname: '@simba' }) {
  return { events: [{ type: 'message', id, threadId, createdAt: new Date().toISOString(), author, text }] };
}
