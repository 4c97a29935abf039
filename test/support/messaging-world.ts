import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createBrand, createChannel, createIntegration, integrationToken } from './admin-api';
import { deleteBrands } from './brand-cleanup';
import { FakePlatform, signedWebhook } from './fake-platform';
import { RecordingDfo } from './recording-dfo';
import { startTestApp, TestApp } from './test-app';

/** One brand, integration and webhook channel wired to a fake platform, as the admin API makes them. */
export interface WorldChannel {
  brandId: string;
  integrationId: string;
  channelId: string;
  dfoChannelId: string;
  secret: string;
  platform: FakePlatform;
  token: string;
}

/**
 * The real app against a recording DFO and fake platforms: what e2e specs of the messaging core need to send signed
 * webhooks, make Integration Box calls as DFO does, and read what reached each side and the database.
 */
export class MessagingWorld {
  private readonly platforms: FakePlatform[] = [];
  private readonly brandIds: string[] = [];

  private constructor(
    readonly t: TestApp,
    readonly dfo: RecordingDfo,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<MessagingWorld> {
    const dfo = await RecordingDfo.start();
    const t = await startTestApp({
      OUTBOX_BACKOFF_BASE_MS: '50',
      OUTBOX_BACKOFF_MAX_MS: '300',
      OUTBOX_SWEEP_INTERVAL_MS: '200',
      PLATFORM_TIMEOUT_MS: '800',
      DFO_MAX_RETRIES: '0',
      DFO_TIMEOUT_MS: '2000',
      ...env,
    });
    return new MessagingWorld(t, dfo);
  }

  get db(): DataSource {
    return this.t.app.get(DataSource);
  }

  async channel(settings: Record<string, unknown> = {}, replyApi: '2.0' | '1.0' = '2.0'): Promise<WorldChannel> {
    const brand = await createBrand(this.t, { dfo: { apiBaseUrl: this.dfo.apiBaseUrl, authUrl: this.dfo.authUrl } });
    this.brandIds.push(brand.id);
    const integration = await createIntegration(this.t, brand.id, { replyApi });
    const secret = randomBytes(24).toString('hex');
    const platform = await FakePlatform.start({ secrets: secret });
    this.platforms.push(platform);
    const channel = await createChannel(this.t, integration.id, {
      dfoChannelId: `chat_${randomUUID()}`,
      adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] },
      settings,
    });
    const token = await integrationToken(this.t, integration.clientId, integration.clientSecret);
    return { brandId: brand.id, integrationId: integration.id, channelId: channel.id, dfoChannelId: channel.dfoChannelId, secret, platform, token };
  }

  /** A signed `POST /webhooks/{dfoChannelId}`. */
  webhook(ch: WorldChannel, events: unknown[] | string, options: { secret?: string; timestamp?: number } = {}) {
    const signed = signedWebhook(options.secret ?? ch.secret, typeof events === 'string' ? events : { events }, { timestamp: options.timestamp });
    return this.t.app.inject({ method: 'POST', url: `/webhooks/${ch.dfoChannelId}`, headers: signed.headers, payload: signed.payload });
  }

  /** An Integration Box call, as DFO makes it. */
  box(ch: WorldChannel, path: string, body: unknown, token = ch.token) {
    return this.t.app.inject({ method: 'POST', url: `/integration/box/${path}`, headers: { authorization: `Bearer ${token}` }, payload: body as object });
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params);
  }

  messages(ch: WorldChannel) {
    return this.query<{ id: string; direction: string; status: string; id_on_external_platform: string; thread_id: string; author_kind: string; platform_message_id: string | null }>(
      `SELECT id, direction, status, id_on_external_platform, thread_id, author_kind, platform_message_id FROM messages WHERE channel_id = $1 ORDER BY created_at, id`,
      [ch.channelId],
    );
  }

  threads(ch: WorldChannel) {
    return this.query<{ id: string; id_on_external_platform: string; dfo_thread_ref: string; dfo_contact_id: string | null; status: string; closed_reason: string | null; idle_deadline_at: Date | null }>(
      `SELECT id, id_on_external_platform, dfo_thread_ref, dfo_contact_id, status, closed_reason, idle_deadline_at FROM threads WHERE channel_id = $1 ORDER BY created_at`,
      [ch.channelId],
    );
  }

  async close(): Promise<void> {
    await this.t.close();
    await deleteBrands(this.brandIds);
    await Promise.all(this.platforms.map((p) => p.close()));
    await this.dfo.stop();
  }
}

/** A webhook `message` event. */
export function messageEvent(id: string, threadId: string, text: string, author: Record<string, unknown> = { id: 'u-simba', firstName: 'Simba', lastName: 'Lion' }) {
  return { type: 'message', id, threadId, createdAt: new Date().toISOString(), author, text };
}
