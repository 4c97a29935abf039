import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretBox } from '../src/core/crypto/secret-box';
import { bearer, createBrand, createChannel, createIntegration } from './support/admin-api';
import { FakeDfoServer } from './support/fake-dfo-server';
import { startTestApp, TestApp } from './support/test-app';

const SIGNING_SECRET = 'watering-hole-signing-secret-0001';

describe('admin API: brands, integrations, channels', () => {
  let t: TestApp;
  let db: DataSource;
  let box: SecretBox;

  beforeAll(async () => {
    t = await startTestApp({ DFO_MAX_RETRIES: '0' });
    db = t.app.get(DataSource);
    box = t.app.get(SecretBox);
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, key?: string) =>
    t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

  it('registers brand → integration → webhook channel, with the values to paste into CXone', async () => {
    const brand = await createBrand(t.app, { name: 'The Jungle', dfo: { apiBaseUrl: 'https://api-de-na1.niceincontact.com/dfo/3.0/', secret: 'jungle-dfo-secret' } });
    expect(brand).toMatchObject({
      name: 'The Jungle',
      dfo: { apiBaseUrl: 'https://api-de-na1.niceincontact.com/dfo/3.0', authKind: 'access_key', authUrl: 'https://cxone.niceincontact.com/auth/token' },
    });
    expect(JSON.stringify(brand)).not.toContain('jungle-dfo-secret');

    const integration = await createIntegration(t.app, brand.id, { name: 'Watering Hole', replyApi: '1.0' });
    expect(integration).toMatchObject({ brandId: brand.id, name: 'Watering Hole', replyApi: '1.0', clientId: expect.stringMatching(/^bb_ci_/) });
    expect(integration.clientSecret).toMatch(/^bb_cs_.{40,}/);
    expect(integration.cxone).toEqual({
      integrationBoxUrl: 'http://bridge.test/integration/box',
      authorizationUrl: 'http://bridge.test/integration/box/1.0/token',
      addActionUrl: `http://bridge.test/integration/actions/add/${integration.id}`,
      reconnectActionUrl: `http://bridge.test/integration/actions/reconnect/${integration.id}`,
      removeActionUrl: `http://bridge.test/integration/actions/remove/${integration.id}`,
    });
    const [stored] = await db.query('SELECT client_secret_hash FROM integrations WHERE id = $1', [integration.id]);
    expect(stored.client_secret_hash).toMatch(/^scrypt\$/);
    expect(stored.client_secret_hash).not.toContain(integration.clientSecret);

    const dfoChannelId = `chat_${randomUUID()}`;
    const channel = await createChannel(t.app, integration.id, {
      name: 'Watering Hole DMs',
      dfoChannelId,
      adapterConfig: { outboundUrl: 'https://platform.example/byoc', signingSecrets: [SIGNING_SECRET] },
      settings: { idleTimeoutSeconds: 300 },
    });
    expect(channel).toMatchObject({
      brandId: brand.id,
      integrationId: integration.id,
      dfoChannelId,
      status: 'active',
      adapter: 'webhook',
      adapterConfig: { outboundUrl: 'https://platform.example/byoc', signingSecrets: { count: 1 } },
      settings: { idleTimeoutSeconds: 300, closeCountdownSeconds: 20, idleClockStartsOn: 'agent_message', afterAgentClose: 'block', agentClosedStatuses: ['closed', 'trashed'] },
      webhookUrl: `http://bridge.test/webhooks/${dfoChannelId}`,
    });
    expect(channel).not.toHaveProperty('widgetSnippet');
    expect(JSON.stringify(channel)).not.toContain(SIGNING_SECRET);

    const fetched = await api('GET', `/api/v1/integrations/${integration.id}`);
    expect(fetched.json()).toMatchObject({ id: integration.id, cxone: integration.cxone });
    expect(fetched.json()).not.toHaveProperty('clientSecret');
    const listed = await api('GET', `/api/v1/channels?integrationId=${integration.id}`);
    expect(listed.json()).toEqual([expect.objectContaining({ id: channel.id, dfoChannelId })]);
  });

  it('defaults the client_credentials auth URL to /engager/2.0/token on the API host', async () => {
    const brand = await createBrand(t.app, { dfo: { apiBaseUrl: 'https://api-c32.nice-incontact.com:8443/dfo/3.0', authKind: 'client_credentials' } });
    expect(brand.dfo.authUrl).toBe('https://api-c32.nice-incontact.com:8443/engager/2.0/token');
  });

  it('keeps the DFO secret and the adapter secrets sealed in the database', async () => {
    const brand = await createBrand(t.app, { dfo: { secret: 'plain-dfo-secret-for-sealing' } });
    const integration = await createIntegration(t.app, brand.id);
    const channel = await createChannel(t.app, integration.id, {
      dfoChannelId: `sealed-${randomUUID()}`,
      adapterConfig: { outboundUrl: 'https://platform.example/in', signingSecrets: [SIGNING_SECRET, `${SIGNING_SECRET}-next`] },
    });

    const [brandRow] = await db.query('SELECT * FROM brands WHERE id = $1', [brand.id]);
    expect(JSON.stringify(brandRow)).not.toContain('plain-dfo-secret-for-sealing');
    expect(box.open(brandRow.dfo_secret_sealed, `brand:${brand.id}`)).toBe('plain-dfo-secret-for-sealing');

    const [channelRow] = await db.query('SELECT adapter_config FROM channels WHERE id = $1', [channel.id]);
    expect(JSON.stringify(channelRow)).not.toContain(SIGNING_SECRET);
    const sealed = channelRow.adapter_config.signingSecrets as string[];
    expect(sealed.map((s) => box.open(s, `channel:${channel.id}:signingSecrets`))).toEqual([SIGNING_SECRET, `${SIGNING_SECRET}-next`]);
    expect(channelRow.adapter_config.outboundUrl).toBe('https://platform.example/in');
  });

  it('names the failing field and stores nothing for a bad request', async () => {
    const count = async () => Number((await db.query('SELECT count(*) AS n FROM brands'))[0].n);
    const before = await count();
    const valid = { name: 'B', tenantId: 't', dfoBrandId: 1, businessUnitId: 2, dfo: { apiBaseUrl: 'https://x.example/dfo/3.0', authKind: 'access_key', keyId: 'k', secret: 's' } };

    const unknown = await api('POST', '/api/v1/brands', { ...valid, colour: 'green' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'VALIDATION.FAILED', field: 'colour' });

    const badEnum = await api('POST', '/api/v1/brands', { ...valid, dfo: { ...valid.dfo, authKind: 'password' } });
    expect(badEnum.statusCode).toBe(400);
    expect(badEnum.json()).toMatchObject({ code: 'VALIDATION.FAILED', field: 'dfo.authKind' });

    const nested = await api('POST', '/api/v1/brands', { ...valid, dfo: { ...valid.dfo, region: 'eu' } });
    expect(nested.json()).toMatchObject({ statusCode: 400, field: 'dfo.region' });
    expect(await count()).toBe(before);

    const brand = await createBrand(t.app);
    const integration = await createIntegration(t.app, brand.id);
    const channels = async () => Number((await db.query('SELECT count(*) AS n FROM channels WHERE integration_id = $1', [integration.id]))[0].n);
    const channelBody = { name: 'c', adapter: 'webhook', dfoChannelId: `v-${randomUUID()}`, adapterConfig: { outboundUrl: 'https://p.example', signingSecrets: [SIGNING_SECRET] } };
    const cases: Array<[object, string]> = [
      [{ ...channelBody, adapter: 'carrier-pigeon' }, 'adapter'],
      [{ ...channelBody, settings: { idleTimeoutSeconds: 0 } }, 'settings.idleTimeoutSeconds'],
      [{ ...channelBody, settings: { closeCountdownSeconds: 0 } }, 'settings.closeCountdownSeconds'],
      [{ ...channelBody, settings: { afterAgentClose: 'ignore' } }, 'settings.afterAgentClose'],
      [{ ...channelBody, settings: { agentClosedStatuses: ['closed', 'archived'] } }, 'settings.agentClosedStatuses'],
      [{ ...channelBody, settings: { idleTimeoutSeconds: null } }, 'settings.idleTimeoutSeconds'],
      [{ ...channelBody, adapterConfig: { signingSecrets: [SIGNING_SECRET] } }, 'adapterConfig.outboundUrl'],
      [{ ...channelBody, adapterConfig: { outboundUrl: 'https://p.example', signingSecrets: ['short'] } }, 'adapterConfig.signingSecrets[0]'],
      [{ ...channelBody, dfoChannelId: 'has spaces' }, 'dfoChannelId'],
    ];
    for (const [body, field] of cases) {
      const res = await api('POST', `/api/v1/integrations/${integration.id}/channels`, body);
      expect({ field, status: res.statusCode, body: res.json() }).toMatchObject({ field, status: 400, body: { field } });
    }
    expect(await channels()).toBe(0);
  });

  it('refuses a DFO channel id that is already registered, naming it', async () => {
    const brand = await createBrand(t.app);
    const integration = await createIntegration(t.app, brand.id);
    const dfoChannelId = `dup-${randomUUID()}`;
    await createChannel(t.app, integration.id, { dfoChannelId });
    const again = await api('POST', `/api/v1/integrations/${integration.id}/channels`, {
      name: 'again',
      adapter: 'webhook',
      dfoChannelId,
      adapterConfig: { outboundUrl: 'https://p.example', signingSecrets: [SIGNING_SECRET] },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CHANNEL.DFO_CHANNEL_ID_TAKEN', field: 'dfoChannelId' });
  });

  it('updates a channel: settings merged, config re-validated, secrets kept unless replaced', async () => {
    const brand = await createBrand(t.app);
    const integration = await createIntegration(t.app, brand.id);
    const channel = await createChannel(t.app, integration.id, {
      dfoChannelId: `upd-${randomUUID()}`,
      adapterConfig: { outboundUrl: 'https://old.example', signingSecrets: [SIGNING_SECRET] },
      settings: { idleTimeoutSeconds: 60, closedText: 'Bye' },
    });
    const updated = await api('PATCH', `/api/v1/channels/${channel.id}`, {
      name: 'Renamed',
      settings: { closeCountdownSeconds: 45 },
      adapterConfig: { outboundUrl: 'https://new.example' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      name: 'Renamed',
      settings: { idleTimeoutSeconds: 60, closedText: 'Bye', closeCountdownSeconds: 45 },
      adapterConfig: { outboundUrl: 'https://new.example', signingSecrets: { count: 1 } },
    });
    const [row] = await db.query('SELECT adapter_config FROM channels WHERE id = $1', [channel.id]);
    expect(box.open(row.adapter_config.signingSecrets[0], `channel:${channel.id}:signingSecrets`)).toBe(SIGNING_SECRET);

    const rotated = await api('PATCH', `/api/v1/channels/${channel.id}`, {
      adapterConfig: { outboundUrl: 'https://new.example', signingSecrets: [SIGNING_SECRET, 'the-next-secret-0123456789'] },
    });
    expect(rotated.json().adapterConfig.signingSecrets).toEqual({ count: 2 });

    const invalid = await api('PATCH', `/api/v1/channels/${channel.id}`, { adapterConfig: { outboundUrl: 'ftp://nope' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ field: 'adapterConfig.outboundUrl' });
    const after = await api('GET', `/api/v1/channels/${channel.id}`);
    expect(after.json().adapterConfig.outboundUrl).toBe('https://new.example');
  });

  describe('with DFO (a fake DFO server)', () => {
    let dfo: FakeDfoServer;
    beforeEach(async () => {
      dfo = await new FakeDfoServer().start();
    });
    afterEach(() => dfo.stop());

    const dfoBrand = () => createBrand(t.app, { dfo: { apiBaseUrl: dfo.apiBaseUrl, authUrl: `${dfo.origin}/auth/token`, keyId: 'jungle-key', secret: 'jungle-secret' } });

    it('creates the channel in DFO first when no dfoChannelId is given, then deletes it there on DELETE', async () => {
      dfo.route('POST /dfo/3.0/channels', { status: 200 });
      const brand = await dfoBrand();
      const integration = await createIntegration(t.app, brand.id, { channelIntegrationId: '2807c78e-8622-41e9-8a96-e3013b0513eb' });
      const channel = await createChannel(t.app, integration.id, { name: 'Watering Hole live' });

      const [created] = dfo.requestsTo('POST /dfo/3.0/channels');
      expect(created!.headers.authorization).toBe('Bearer tok-1');
      expect(JSON.parse(created!.body)).toEqual({
        id: channel.dfoChannelId,
        idOnExternalPlatform: channel.dfoChannelId,
        channelIntegrationId: '2807c78e-8622-41e9-8a96-e3013b0513eb',
        realExternalPlatformId: 'custom',
        name: 'Watering Hole live',
        isPrivate: true,
        hasTreeStructure: false,
        hasReply: true,
        hasOutboundFlow: expect.any(Boolean),
        hasAbilityToSendFiles: expect.any(Boolean),
        isLiveChat: false,
      });
      expect(channel.dfoChannelId).toMatch(/^[0-9a-f-]{36}$/);
      expect(channel.idOnExternalPlatform).toBe(channel.dfoChannelId);

      dfo.route(`DELETE /dfo/3.0/channels/${channel.dfoChannelId}`, { status: 204 });
      const removed = await api('DELETE', `/api/v1/channels/${channel.id}`);
      expect(removed.statusCode).toBe(204);
      expect(dfo.requestsTo(`DELETE /dfo/3.0/channels/${channel.dfoChannelId}`)).toHaveLength(1);
      expect((await api('GET', `/api/v1/channels/${channel.id}`)).json()).toMatchObject({ status: 'removed' });
    });

    it('answers 502 and stores nothing when DFO refuses the channel', async () => {
      dfo.route('POST /dfo/3.0/channels', { status: 400, body: { errors: [{ field: 'name', message: 'is too long' }] } });
      const brand = await dfoBrand();
      const integration = await createIntegration(t.app, brand.id);
      const res = await api('POST', `/api/v1/integrations/${integration.id}/channels`, {
        name: 'Refused',
        adapter: 'webhook',
        adapterConfig: { outboundUrl: 'https://p.example', signingSecrets: [SIGNING_SECRET] },
      });
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ code: 'CHANNEL.DFO_CREATE_FAILED', message: expect.stringContaining('name: is too long') });
      expect((await db.query('SELECT id FROM channels WHERE integration_id = $1', [integration.id])).length).toBe(0);
    });

    it('needs the CXone Integration ID before it can create a channel in DFO', async () => {
      const brand = await dfoBrand();
      const integration = await createIntegration(t.app, brand.id, { channelIntegrationId: undefined });
      const body = { name: 'c', adapter: 'webhook', adapterConfig: { outboundUrl: 'https://p.example', signingSecrets: [SIGNING_SECRET] } };
      const res = await api('POST', `/api/v1/integrations/${integration.id}/channels`, body);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'INTEGRATION.CHANNEL_INTEGRATION_ID_MISSING', field: 'channelIntegrationId' });
      expect(dfo.requests).toHaveLength(0);

      dfo.route('POST /dfo/3.0/channels', { status: 200 });
      const patched = await api('PATCH', `/api/v1/integrations/${integration.id}`, { channelIntegrationId: 'issued-by-cxone' });
      expect(patched.json()).toMatchObject({ channelIntegrationId: 'issued-by-cxone' });
      expect((await api('POST', `/api/v1/integrations/${integration.id}/channels`, body)).statusCode).toBe(201);
      expect(JSON.parse(dfo.requestsTo('POST /dfo/3.0/channels')[0]!.body).channelIntegrationId).toBe('issued-by-cxone');
    });

    it('removes a channel DFO no longer knows, and keeps one DFO failed to delete', async () => {
      const brand = await dfoBrand();
      const integration = await createIntegration(t.app, brand.id);
      const gone = await createChannel(t.app, integration.id, { dfoChannelId: `gone-${randomUUID()}` });
      dfo.route(`DELETE /dfo/3.0/channels/${gone.dfoChannelId}`, { status: 404 });
      expect((await api('DELETE', `/api/v1/channels/${gone.id}`)).statusCode).toBe(204);
      expect((await api('GET', `/api/v1/channels/${gone.id}`)).json().status).toBe('removed');

      const stuck = await createChannel(t.app, integration.id, { dfoChannelId: `stuck-${randomUUID()}` });
      dfo.route(`DELETE /dfo/3.0/channels/${stuck.dfoChannelId}`, { status: 503 });
      const res = await api('DELETE', `/api/v1/channels/${stuck.id}`);
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ code: 'CHANNEL.DFO_DELETE_FAILED' });
      expect((await api('GET', `/api/v1/channels/${stuck.id}`)).json().status).toBe('active');
    });
  });
});
