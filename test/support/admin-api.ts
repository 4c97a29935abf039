import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { CreatedApiKeyResponse } from '../../src/auth/dto/api-key.response';
import type { BrandResponse } from '../../src/channel-registry/dto/brand.response';
import type { ChannelResponse } from '../../src/channel-registry/dto/channel.response';
import type { CreatedIntegrationResponse } from '../../src/channel-registry/dto/integration.response';
import { AppProcess } from './app-process';
import { TEST_ADMIN_KEY, TestApp } from './test-app';

/**
 * Helpers over the admin REST API (docs/architecture.md §6.5) for e2e specs: each makes one object through the real
 * endpoint with the bootstrap `TEST_ADMIN_KEY` and fails loudly, with the response body, when the API refuses.
 */

/** In process (`inject`), or an app process reached over HTTP. */
type AppLike = TestApp | NestFastifyApplication | AppProcess;
/** What a response DTO looks like once it went through JSON. */
export type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] extends object ? Wire<T[K]> : T[K] };

export type Brand = Wire<BrandResponse>;
export type CreatedIntegration = Wire<CreatedIntegrationResponse>;
export type Channel = Wire<ChannelResponse>;
export type CreatedApiKey = Wire<CreatedApiKeyResponse>;

export interface BrandInput {
  name?: string;
  tenantId?: string;
  dfoBrandId?: number;
  businessUnitId?: number;
  dfo?: { apiBaseUrl?: string; authKind?: 'access_key' | 'client_credentials'; authUrl?: string; keyId?: string; secret?: string };
}

export interface ChannelInput {
  name?: string;
  adapter?: string;
  adapterConfig?: Record<string, unknown>;
  /** Left out, the channel is created in the brand's DFO first (which must answer). */
  dfoChannelId?: string;
  realExternalPlatformId?: string;
  settings?: Record<string, unknown>;
}

export function bearer(key: string = TEST_ADMIN_KEY): { authorization: string } {
  return { authorization: `Bearer ${key}` };
}

/** A brand with unique ids; its DFO points nowhere unless `overrides.dfo.apiBaseUrl` says otherwise. */
export async function createBrand(app: AppLike, overrides: BrandInput = {}): Promise<Brand> {
  const suffix = randomBytes(4).toString('hex');
  const body = {
    name: `Brand ${suffix}`,
    tenantId: randomUUID(),
    dfoBrandId: randomInt(1, 2_000_000_000),
    businessUnitId: randomInt(1, 2_000_000_000),
    ...overrides,
    dfo: { apiBaseUrl: 'http://127.0.0.1:9/dfo/3.0', authKind: 'access_key', keyId: `key-${suffix}`, secret: `secret-${suffix}`, ...overrides.dfo },
  };
  return post(app, '/api/v1/brands', body, 201);
}

/** An integration with a CXone Integration ID already set (pass `channelIntegrationId: undefined` to leave it out). */
export async function createIntegration(
  app: AppLike,
  brandId: string,
  overrides: { name?: string; replyApi?: '2.0' | '1.0'; channelIntegrationId?: string } = {},
): Promise<CreatedIntegration> {
  const body = { name: `Integration ${randomBytes(4).toString('hex')}`, replyApi: '2.0', channelIntegrationId: randomUUID(), ...overrides };
  return post(app, `/api/v1/brands/${brandId}/integrations`, body, 201);
}

/** A channel; a `webhook` channel gets a throwaway outbound URL and signing secret unless `adapterConfig` is given. */
export async function createChannel(app: AppLike, integrationId: string, body: ChannelInput = {}): Promise<Channel> {
  const adapter = body.adapter ?? 'webhook';
  const adapterConfig =
    body.adapterConfig ?? (adapter === 'webhook' ? { outboundUrl: 'http://127.0.0.1:9/unused', signingSecrets: [randomBytes(24).toString('hex')] } : {});
  return post(app, `/api/v1/integrations/${integrationId}/channels`, { name: `Channel ${randomBytes(4).toString('hex')}`, ...body, adapter, adapterConfig }, 201);
}

export async function createApiKey(app: AppLike, input: { role: 'admin' | 'support'; brandIds?: string[]; name?: string }): Promise<CreatedApiKey> {
  return post(app, '/api/v1/api-keys', { name: input.name ?? `key ${input.role}`, role: input.role, ...(input.brandIds ? { brandIds: input.brandIds } : {}) }, 201);
}

/** An Integration Box access token, as DFO gets it from our token endpoint. */
export async function integrationToken(app: AppLike, clientId: string, clientSecret: string): Promise<string> {
  const res = await call(app, '/integration/box/1.0/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }, {});
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${res.body}`);
  return (JSON.parse(res.body) as { access_token: string }).access_token;
}

function isTestApp(app: AppLike): app is TestApp {
  // The Nest application is a proxy on which `in` is unreliable; a TestApp is a plain object.
  return Object.prototype.hasOwnProperty.call(app, 'app') && Object.prototype.hasOwnProperty.call(app, 'config');
}

async function call(app: AppLike, url: string, payload: object, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  if (app instanceof AppProcess) {
    const res = await fetch(`${app.url}${url}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    return { status: res.status, body: await res.text() };
  }
  const res = await (isTestApp(app) ? app.app : app).inject({ method: 'POST', url, headers, payload });
  return { status: res.statusCode, body: res.body };
}

async function post<T>(app: AppLike, url: string, payload: object, expected: number): Promise<T> {
  const res = await call(app, url, payload, bearer());
  if (res.status !== expected) throw new Error(`POST ${url} answered ${res.status} (expected ${expected}): ${res.body}`);
  return JSON.parse(res.body) as T;
}
