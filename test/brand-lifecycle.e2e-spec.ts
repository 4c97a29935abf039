import { randomBytes, randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StandaloneEmulator, startStandaloneEmulator } from '../emulators/dfo/standalone';
import { SecretBox } from '../src/core/crypto/secret-box';
import { DfoTokenCache } from '../src/dfo-client/token/dfo-token.cache';
import { bearer, Brand, createApiKey, createBrand, createIntegration, CreatedIntegration, integrationToken } from './support/admin-api';
import { deleteBrands } from './support/brand-cleanup';
import { EmulatorClient } from './support/emulator';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * docs/architecture.md §9.5 and §6.5: a brand's DFO credentials replaced (sealed, tokens of the old ones dropped on every
 * instance, the next DFO call authenticated with the new key), and brands and integrations deleted, refused while
 * they have live channels. Against the DFO emulator, whose call log shows which key and token reached DFO.
 */
describe('brand and integration lifecycle against the DFO emulator', () => {
  let a: TestApp;
  let b: TestApp;
  let emulator: StandaloneEmulator;
  let dfo: EmulatorClient;
  let db: DataSource;
  const brandIds: string[] = [];

  beforeAll(async () => {
    emulator = await startStandaloneEmulator({ port: 0 });
    dfo = new EmulatorClient(emulator.url);
    // Two instances on one database: the second must hear about changed credentials.
    a = await startTestApp({ DFO_MAX_RETRIES: '0' });
    b = await startTestApp({ DFO_MAX_RETRIES: '0' });
    db = a.app.get(DataSource);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await emulator.close();
    await deleteBrands(brandIds);
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, key?: string) =>
    a.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

  /** A brand registered in the emulator with one access key, and an integration CXone knows. */
  async function jungle(): Promise<{ brand: Brand; integration: CreatedIntegration; dfoBrandId: number; key: { keyId: string; secret: string } }> {
    const dfoBrandId = randomInt(1, 2_000_000_000);
    const key = { keyId: `key-${randomBytes(4).toString('hex')}`, secret: randomBytes(16).toString('hex') };
    await dfo.registerBrand(dfoBrandId, { friendlyName: 'The Jungle', accessKeys: [key] });
    const brand = await createBrand(a, { dfoBrandId, dfo: { apiBaseUrl: emulator.dfoApiBaseUrl, authUrl: emulator.authUrl, ...key } });
    brandIds.push(brand.id);
    const integration = await createIntegration(a, brand.id);
    await dfo.registerIntegration(integration.channelIntegrationId!, {
      integrationBoxUrl: integration.cxone.integrationBoxUrl, authorizationUrl: integration.cxone.authorizationUrl,
      clientId: integration.clientId, clientSecret: integration.clientSecret, replyApi: '2.0', brandId: dfoBrandId,
    });
    return { brand, integration, dfoBrandId, key };
  }

  /** A channel created in DFO first (POST /channels with the brand's token), as the admin API does without dfoChannelId. */
  async function addChannel(integrationId: string): Promise<{ id: string; dfoChannelId: string }> {
    const res = await api('POST', `/api/v1/integrations/${integrationId}/channels`, {
      name: 'DMs', adapter: 'webhook', adapterConfig: { outboundUrl: 'http://127.0.0.1:9/unused', signingSecrets: [randomBytes(24).toString('hex')] },
    });
    if (res.statusCode !== 201) throw new Error(`channel: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  it('replaces the DFO credentials: sealed, the old tokens dropped on every instance, DFO then called with the new key', async () => {
    const { brand, integration, dfoBrandId, key } = await jungle();
    const marker = await dfo.lastCallId();
    await addChannel(integration.id);
    const firstCreate = await dfo.waitForCall({ direction: 'in', method: 'POST', path: '/dfo/3.0/channels', afterId: marker });

    // CXone: a new access key for the brand; the old one is deleted.
    const next = { keyId: `key-${randomBytes(4).toString('hex')}`, secret: randomBytes(16).toString('hex') };
    await dfo.registerBrand(dfoBrandId, { friendlyName: 'The Jungle', accessKeys: [next] });
    const forgotten = jest.spyOn(b.app.get(DfoTokenCache), 'forgetBrand');
    const patched = await api('PATCH', `/api/v1/brands/${brand.id}`, { dfo: { apiBaseUrl: emulator.dfoApiBaseUrl, authKind: 'access_key', authUrl: emulator.authUrl, ...next } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: brand.id, dfo: { keyId: next.keyId, apiBaseUrl: emulator.dfoApiBaseUrl } });
    expect(patched.body).not.toContain(next.secret);
    const [row] = await db.query('SELECT dfo_key_id, dfo_secret_sealed FROM brands WHERE id = $1', [brand.id]);
    expect(row.dfo_key_id).toBe(next.keyId);
    expect(row.dfo_secret_sealed).not.toContain(next.secret);
    expect(a.app.get(SecretBox).open(row.dfo_secret_sealed, `brand:${brand.id}`)).toBe(next.secret);
    // The other instance heard of it through the event bus.
    await waitFor(() => forgotten.mock.calls.some(([id]) => id === brand.id), 'instance B dropping the brand’s tokens');

    const afterPatch = await dfo.lastCallId();
    await addChannel(integration.id);
    const calls = await dfo.calls({ direction: 'in', afterId: afterPatch });
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /auth/token 200', 'POST /dfo/3.0/channels 204']);
    expect(calls[0]!.requestBody).toMatchObject({ username: next.keyId });
    expect(calls[1]!.authorization).not.toBe(firstCreate.authorization);
    expect(key.keyId).not.toBe(next.keyId);
  });

  it('refuses bad credentials naming the field and changes nothing; a foreign brand is 404', async () => {
    const { brand } = await jungle();
    const before = await db.query('SELECT * FROM brands WHERE id = $1', [brand.id]);
    const bad = await api('PATCH', `/api/v1/brands/${brand.id}`, { dfo: { apiBaseUrl: 'not a url', authKind: 'access_key', keyId: 'k', secret: 's' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'dfo.apiBaseUrl' });
    const partial = await api('PATCH', `/api/v1/brands/${brand.id}`, { dfo: { secret: 'only-the-secret' } });
    expect(partial.statusCode).toBe(400);
    expect((await api('PATCH', `/api/v1/brands/${brand.id}`, { dfo: null })).json()).toMatchObject({ statusCode: 400, field: 'dfo' });
    const other = await createBrand(a);
    brandIds.push(other.id);
    const scoped = await createApiKey(a, { role: 'admin', brandIds: [other.id] });
    expect((await api('PATCH', `/api/v1/brands/${brand.id}`, { name: 'hijacked' }, scoped.key)).statusCode).toBe(404);
    expect(await db.query('SELECT * FROM brands WHERE id = $1', [brand.id])).toEqual(before);
    // A rename alone is fine for the brand's own scoped admin.
    expect((await api('PATCH', `/api/v1/brands/${other.id}`, { name: 'Renamed' }, scoped.key)).json()).toMatchObject({ name: 'Renamed' });
  });

  it('deletes an integration only once its channels are removed; its credentials and tokens then stop working', async () => {
    const { brand, integration } = await jungle();
    const channel = await addChannel(integration.id);
    const accessToken = await integrationToken(a, integration.clientId, integration.clientSecret);

    const refused = await api('DELETE', `/api/v1/integrations/${integration.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'INTEGRATION.HAS_LIVE_CHANNELS' });
    expect(await db.query('SELECT id FROM integrations WHERE id = $1', [integration.id])).toHaveLength(1);

    expect((await api('DELETE', `/api/v1/channels/${channel.id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/integrations/${integration.id}`)).statusCode).toBe(204);
    expect(await db.query('SELECT id FROM integrations WHERE id = $1', [integration.id])).toEqual([]);
    expect(await db.query('SELECT id FROM channels WHERE id = $1', [channel.id])).toEqual([]);
    expect((await api('GET', `/api/v1/integrations/${integration.id}`)).statusCode).toBe(404);
    expect((await api('DELETE', `/api/v1/integrations/${integration.id}`)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/brands/${brand.id}/integrations`)).json()).toEqual([]);

    const tokenAgain = await a.app.inject({
      method: 'POST', url: '/integration/box/1.0/token', payload: { grant_type: 'client_credentials', client_id: integration.clientId, client_secret: integration.clientSecret },
    });
    expect(tokenAgain.statusCode).toBe(401);
    const box = await a.app.inject({
      method: 'POST', url: `/integration/box/1.0/channel/${channel.dfoChannelId}/thread/t1/sender-action`,
      headers: { authorization: `Bearer ${accessToken}` }, payload: { senderAction: { action: 'isTypingOn' } },
    });
    expect(box.statusCode).toBe(401);
  });

  it('deletes a brand with everything of it only once it has no live channel; only an unscoped key may', async () => {
    const { brand, integration } = await jungle();
    const channel = await addChannel(integration.id);
    const scoped = await createApiKey(a, { role: 'admin', brandIds: [brand.id] });
    const stranger = await createApiKey(a, { role: 'admin', brandIds: [(await createBrand(a)).id] });
    brandIds.push(stranger.brandIds![0]!);

    expect((await api('DELETE', `/api/v1/brands/${brand.id}`, undefined, stranger.key)).statusCode).toBe(404);
    const own = await api('DELETE', `/api/v1/brands/${brand.id}`, undefined, scoped.key);
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'BRAND.SCOPE_EXCEEDED' });
    const live = await api('DELETE', `/api/v1/brands/${brand.id}`);
    expect(live.statusCode).toBe(409);
    expect(live.json()).toMatchObject({ code: 'BRAND.HAS_LIVE_CHANNELS' });
    expect(await db.query('SELECT id FROM brands WHERE id = $1', [brand.id])).toHaveLength(1);

    expect((await api('DELETE', `/api/v1/channels/${channel.id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/brands/${brand.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/brands/${brand.id}`)).statusCode).toBe(404);
    for (const table of ['integrations', 'channels']) {
      expect([table, await db.query(`SELECT id FROM ${table} WHERE brand_id = $1`, [brand.id])]).toEqual([table, []]);
    }
    expect((await api('DELETE', `/api/v1/brands/${brand.id}`)).statusCode).toBe(404);
  });

  it('refuses a channel added to an integration that is being deleted, instead of failing', async () => {
    const { integration } = await jungle();
    // The deletion holds the integration's row when the channel's insert checks its foreign key.
    const deletion = db.createQueryRunner();
    await deletion.connect();
    await deletion.startTransaction();
    await deletion.query('DELETE FROM integrations WHERE id = $1', [integration.id]);
    const adding = api('POST', `/api/v1/integrations/${integration.id}/channels`, {
      name: 'race', adapter: 'webhook', dfoChannelId: `race-${randomBytes(6).toString('hex')}`,
      adapterConfig: { outboundUrl: 'http://127.0.0.1:9/unused', signingSecrets: [randomBytes(24).toString('hex')] },
    });
    await waitFor(async () => (await db.query(`SELECT 1 FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'`)).length > 0, 'the insert waiting');
    await deletion.commitTransaction();
    await deletion.release();
    const added = await adding;
    expect(added.statusCode).toBe(404);
    expect(added.json()).toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
    expect(await db.query('SELECT id FROM channels WHERE integration_id = $1', [integration.id])).toEqual([]);
  });
});
