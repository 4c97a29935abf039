import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020';
import { DataSource } from 'typeorm';
import { bearer, createApiKey, createBrand, createChannel, createIntegration } from './support/admin-api';
import { startTestApp, TestApp } from './support/test-app';

const SIGNING_SECRET = 'catalogue-signing-secret-000001';

interface CatalogueEntry {
  name: string;
  title: string;
  configSchema: Record<string, unknown> & { properties: Record<string, { writeOnly?: boolean }> };
  secretFields: string[];
  capabilities: Record<string, unknown>;
}

/**
 * The adapter catalogue (docs/architecture.md §9.8): what `GET /api/v1/adapters` declares is what channel creation
 * enforces. The schemas are checked here with an independent JSON Schema validator, so a catalogue that says one thing
 * while the API does another fails.
 */
describe('adapter catalogue', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ DFO_MAX_RETRIES: '0' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, key?: string) =>
    t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });
  const catalogue = async (key?: string): Promise<CatalogueEntry[]> => {
    const res = await api('GET', '/api/v1/adapters', undefined, key);
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('lists every adapter with its config schema, secret fields and capabilities, to support and admin keys only', async () => {
    const entries = await catalogue();
    expect(entries.map((e) => e.name)).toEqual(['webhook', 'webchat']);
    const [webhook, webchat] = entries as [CatalogueEntry, CatalogueEntry];
    expect(webhook).toMatchObject({
      title: 'Webhook',
      secretFields: ['signingSecrets'],
      configSchema: { type: 'object', required: ['outboundUrl', 'signingSecrets'], additionalProperties: false },
      capabilities: { messageTypes: expect.arrayContaining(['TEXT']), attachments: true, typing: true, receipts: true, agentInitiated: true, maxSendsPerSecond: null },
    });
    expect(webhook.configSchema.properties.signingSecrets!.writeOnly).toBe(true);
    expect(webchat).toMatchObject({ title: 'Web chat', secretFields: [], capabilities: { receipts: false, agentInitiated: true } });
    expect(Object.keys(webchat.configSchema.properties)).toEqual(['allowedOrigins', 'title', 'welcomeText', 'themeColor']);

    const support = await createApiKey(t.app, { role: 'support' });
    expect(await catalogue(support.key)).toEqual(entries);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/adapters' })).statusCode).toBe(401);
  });

  it('publishes schemas a standard validator compiles, and the API accepts and refuses what they accept and refuse', async () => {
    const entries = await catalogue();
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validators = new Map(entries.map((e) => [e.name, ajv.compile(e.configSchema)]));
    const brand = await createBrand(t.app);
    const integration = await createIntegration(t.app, brand.id);
    const channelCount = async () => Number((await db.query('SELECT count(*) AS n FROM channels WHERE integration_id = $1', [integration.id]))[0].n);

    const refused: Array<[string, Record<string, unknown>, string]> = [
      ['webhook', { outboundUrl: 'https://p.example', signingSecrets: [SIGNING_SECRET], region: 'eu' }, 'adapterConfig.region'],
      ['webhook', { outboundUrl: 'https://p.example', signingSecrets: [SIGNING_SECRET, `${SIGNING_SECRET}2`, `${SIGNING_SECRET}3`] }, 'adapterConfig.signingSecrets'],
      ['webhook', { outboundUrl: 'https://p.example' }, 'adapterConfig.signingSecrets'],
      ['webhook', { outboundUrl: 42, signingSecrets: [SIGNING_SECRET] }, 'adapterConfig.outboundUrl'],
      ['webchat', { themeColor: 'red' }, 'adapterConfig.themeColor'],
      ['webchat', { title: 'x'.repeat(81) }, 'adapterConfig.title'],
      ['webchat', { allowedOrigins: ['https://shop.example', 7] }, 'adapterConfig.allowedOrigins[1]'],
    ];
    for (const [adapter, adapterConfig, field] of refused) {
      expect({ adapter, adapterConfig, valid: validators.get(adapter)!(adapterConfig) }).toEqual({ adapter, adapterConfig, valid: false });
      const res = await api('POST', `/api/v1/integrations/${integration.id}/channels`, { name: 'c', adapter, dfoChannelId: `v-${randomUUID()}`, adapterConfig });
      expect({ field, status: res.statusCode, body: res.json() }).toMatchObject({ field, status: 400, body: { field } });
    }
    expect(await channelCount()).toBe(0);

    const accepted: Array<[string, Record<string, unknown>]> = [
      ['webhook', { outboundUrl: 'https://p.example/in', signingSecrets: [SIGNING_SECRET] }],
      ['webchat', { allowedOrigins: ['https://shop.example'], title: 'Hi', themeColor: '#00aa88' }],
    ];
    for (const [adapter, adapterConfig] of accepted) {
      expect(validators.get(adapter)!(adapterConfig)).toBe(true);
      expect((await api('POST', `/api/v1/integrations/${integration.id}/channels`, { name: 'c', adapter, dfoChannelId: `v-${randomUUID()}`, adapterConfig })).statusCode).toBe(201);
    }
    expect(await channelCount()).toBe(2);
  });

  it('validates an update against the same schema, naming the field and changing nothing', async () => {
    const brand = await createBrand(t.app);
    const integration = await createIntegration(t.app, brand.id);
    const channel = await createChannel(t.app, integration.id, { adapter: 'webchat', dfoChannelId: `v-${randomUUID()}`, adapterConfig: { themeColor: '#112233' } });
    const res = await api('PATCH', `/api/v1/channels/${channel.id}`, { adapterConfig: { themeColor: '#112233', colour: 'blue' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'adapterConfig.colour', message: expect.stringContaining('is not a web chat setting') });
    const [row] = await db.query('SELECT adapter_config FROM channels WHERE id = $1', [channel.id]);
    expect(row.adapter_config).toEqual({ themeColor: '#112233' });
  });

  it('documents adapterConfig in the OpenAPI document as one of the declared schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
    const entries = await catalogue();
    const create = doc.components.schemas.CreateChannelDto.properties.adapterConfig;
    expect(create.oneOf.map((s: { title: string }) => s.title)).toEqual(['webhook adapterConfig', 'webchat adapterConfig']);
    expect(create.oneOf[0].properties).toEqual(entries[0]!.configSchema.properties);
    expect(doc.paths['/api/v1/adapters'].get).toBeDefined();
  });
});
