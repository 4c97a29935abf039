import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdapterRegistry } from '../../src/platform-adapters/adapter-registry';
import { AdapterChannel, PlatformAdapter } from '../../src/platform-adapters/platform-adapter';
import { Channel, createBrand, createChannel, createIntegration } from './admin-api';
import { TestApp } from './test-app';

/** Brands this spec file made; its afterAll deletes them (`deleteBrands`) once its apps have stopped. */
export const createdBrandIds: string[] = [];

/** A brand, an integration and a web chat channel made through the admin API (DFO pointing nowhere unless given). */
export async function createWebchatChannel(
  t: TestApp,
  options: { allowedOrigins?: string[]; settings?: Record<string, unknown>; dfoApiBaseUrl?: string; adapterConfig?: Record<string, unknown> } = {},
): Promise<Channel> {
  const brand = await createBrand(t, options.dfoApiBaseUrl ? { dfo: { apiBaseUrl: options.dfoApiBaseUrl } } : {});
  createdBrandIds.push(brand.id);
  const integration = await createIntegration(t, brand.id);
  return createChannel(t, integration.id, {
    adapter: 'webchat',
    dfoChannelId: `wc-${randomBytes(6).toString('hex')}`,
    adapterConfig: options.adapterConfig ?? { allowedOrigins: options.allowedOrigins ?? ['https://shop.example'] },
    ...(options.settings ? { settings: options.settings } : {}),
  });
}

export interface CallOptions {
  token?: string;
  origin?: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

/** One call of the web chat API through `inject`. */
export function webchatCall(t: TestApp, method: 'GET' | 'POST' | 'OPTIONS', channel: Pick<Channel, 'dfoChannelId'>, path: string, o: CallOptions = {}) {
  return t.app.inject({
    method,
    url: `/webchat/${channel.dfoChannelId}${path}`,
    headers: {
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...(o.origin ? { origin: o.origin } : {}),
      ...o.headers,
    },
    ...(o.payload !== undefined ? { payload: o.payload as object } : {}),
  });
}

export interface StartedSession {
  sessionToken: string;
  threadId: string;
  endUserId: string;
}

export async function startSession(t: TestApp, channel: Pick<Channel, 'dfoChannelId'>, endUser: Record<string, string> = {}): Promise<StartedSession> {
  const res = await webchatCall(t, 'POST', channel, '/sessions', { payload: { endUser } });
  if (res.statusCode !== 201) throw new Error(`sessions answered ${res.statusCode}: ${res.body}`);
  return res.json() as StartedSession;
}

export async function sendMessage(t: TestApp, channel: Pick<Channel, 'dfoChannelId'>, token: string, text: string, clientMessageId?: string): Promise<string> {
  const res = await webchatCall(t, 'POST', channel, '/messages', { token, payload: { text, ...(clientMessageId ? { clientMessageId } : {}) } });
  if (res.statusCode !== 202) throw new Error(`messages answered ${res.statusCode}: ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** A one-use stream ticket (POST stream-ticket), for `GET events?ticket=`. */
export async function streamTicket(t: TestApp, channel: Pick<Channel, 'dfoChannelId'>, token: string): Promise<string> {
  const res = await webchatCall(t, 'POST', channel, '/stream-ticket', { token });
  if (res.statusCode !== 200) throw new Error(`stream-ticket answered ${res.statusCode}: ${res.body}`);
  return (res.json() as { ticket: string }).ticket;
}

/** The web chat adapter and the channel as the outbox would hand it over, to play the agent's side directly. */
export function webchatAdapter(t: TestApp, channel: Channel): { adapter: PlatformAdapter; target: AdapterChannel } {
  const adapter = t.app.get(AdapterRegistry).get('webchat');
  const target: AdapterChannel = { id: channel.id, brandId: channel.brandId, dfoChannelId: channel.dfoChannelId, config: channel.adapterConfig, settings: channel.settings };
  return { adapter, target };
}

export function dataSource(t: TestApp): DataSource {
  return t.app.get(DataSource);
}
