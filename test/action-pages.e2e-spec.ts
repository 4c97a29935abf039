import { randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretBox } from '../src/core/crypto/secret-box';
import { TokenSigner } from '../src/core/crypto/token-signer';
import { Brand, createBrand, createChannel, createIntegration, CreatedIntegration } from './support/admin-api';
import { FakeDfoServer } from './support/fake-dfo-server';
import { startTestApp, TestApp } from './support/test-app';

const BACK_URL = 'https://na1.nice-incontact.com/DFO/integrations/byoc?tab=channels';
const SIGNING_SECRET = 'watering-hole-signing-secret-01';
const USER_ID = 5150;

/**
 * The Add / Reconnect / Remove pages (docs/architecture.md §6.2) as CXone's admin browser uses them, against a fake DFO
 * that mints one-time tokens. Every test asserts what reached DFO and what the database holds, not just the page.
 */
describe('action pages (Add / Reconnect / Remove)', () => {
  let t: TestApp;
  let db: DataSource;
  let dfo: FakeDfoServer;
  let brand: Brand;
  let integration: CreatedIntegration;

  beforeAll(async () => {
    t = await startTestApp({ DFO_MAX_RETRIES: '0' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    dfo = await new FakeDfoServer().start();
    dfo.route('POST /dfo/3.0/channels', { status: 200 });
    dfo.route('DELETE /dfo/3.0/channels/*', { status: 204 });
    brand = await createBrand(t.app, { dfoBrandId: randomInt(1, 2_000_000_000), dfo: { apiBaseUrl: dfo.apiBaseUrl, authUrl: `${dfo.origin}/auth/token` } });
    integration = await createIntegration(t.app, brand.id, { name: 'Watering Hole' });
  });
  afterEach(() => dfo.stop());

  const query = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const mint = (accessToken?: string) => dfo.mintOneTimeToken({ brandId: brand.dfoBrandId, userId: USER_ID, ...(accessToken ? { accessToken } : {}) });
  const open = (path: string, params: Record<string, string | number>) => t.app.inject({ method: 'GET', url: `${path}?${query(params)}` });
  const cxoneParams = (token: string, extra: Record<string, string> = {}) => ({ userId: USER_ID, brandId: brand.dfoBrandId, token, backUrl: BACK_URL, ...extra });
  const submit = (action: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/integration/actions/${action}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  const channelRows = async (integrationId: string) => db.query('SELECT * FROM channels WHERE integration_id = $1 ORDER BY created_at', [integrationId]);
  const dfoCallsBeyondVerification = () => dfo.requests.filter((r) => r.path !== '/dfo/3.0/one-time-token/verification');

  it('adds a channel: verifies the token, shows the form, creates the channel in DFO with CXone’s token and here, then goes back', async () => {
    const { token, accessToken } = mint();
    const shown = await open(`/integration/actions/add/${integration.id}`, cxoneParams(token, { apiHost: 'api-de-na1.niceincontact.com' }));
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.headers['referrer-policy']).toBe('no-referrer'); // the URL held the one-time token
    expect(shown.body).toContain('<form method="post" action="http://bridge.test/integration/actions/add"');
    expect(shown.body).toContain('signed in to CXone as <strong>Baloo Bear</strong>');
    expect(shown.body).toMatch(/<label for="name">/);
    // Every adapter in the catalogue is offered, with the fields its config schema generates; secrets as passwords.
    for (const adapter of ['webhook', 'webchat']) expect(shown.body).toContain(`<input type="radio" id="adapter-${adapter}" name="adapter" value="${adapter}"`);
    expect(shown.body).toMatch(/<label for="webhook.outboundUrl">Outbound URL<\/label>/);
    expect(shown.body).toMatch(/<input type="password" id="webhook.signingSecrets" name="webhook.signingSecrets"/);
    expect(shown.body).toMatch(/<textarea id="webchat.allowedOrigins" name="webchat.allowedOrigins"/);
    expect(shown.body).toMatch(/<input type="text" id="webchat.themeColor" name="webchat.themeColor"/);
    expect(shown.body).not.toContain(accessToken);

    const [verification] = dfo.requestsTo('POST /dfo/3.0/one-time-token/verification');
    expect(JSON.parse(verification!.body)).toEqual({ brandId: brand.dfoBrandId, userId: USER_ID, token, purpose: 'channel-integration' });
    expect(verification!.headers.authorization).toBeUndefined();
    expect(dfoCallsBeyondVerification()).toHaveLength(0);
    expect(await channelRows(integration.id)).toHaveLength(0);

    // A refused submission shows the form again, with each problem at its field, and sends nothing anywhere.
    const formToken = formTokenOf(shown.body);
    const bad = await submit('add', { formToken, name: '', adapter: 'webhook', 'webhook.outboundUrl': 'javascript:alert(1)', 'webhook.signingSecrets': 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<p class="error" id="name-error">Enter a name</p>');
    expect(bad.body).toMatch(/id="webhook.outboundUrl-error">must be an http or https URL/);
    expect(bad.body).toMatch(/id="webhook.signingSecrets-error">must be a string of 16/);
    expect(formTokenOf(bad.body)).toBe(formToken);
    expect(dfoCallsBeyondVerification()).toHaveLength(0);

    const fields = { formToken, name: 'Watering Hole DMs', adapter: 'webhook', 'webhook.outboundUrl': 'https://platform.example/byoc', 'webhook.signingSecrets': SIGNING_SECRET };
    const done = await submit('add', fields);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(BACK_URL);

    const [created] = dfo.requestsTo('POST /dfo/3.0/channels');
    expect(created!.headers.authorization).toBe(`Bearer ${accessToken}`);
    const sent = JSON.parse(created!.body);
    expect(sent).toMatchObject({ channelIntegrationId: integration.channelIntegrationId, name: 'Watering Hole DMs', realExternalPlatformId: 'custom', idOnExternalPlatform: sent.id });
    expect(dfo.tokenRequests).toHaveLength(0); // the brand's own credentials were not used

    const rows = await channelRows(integration.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dfo_channel_id: sent.id, brand_id: brand.id, name: 'Watering Hole DMs', adapter: 'webhook', status: 'active' });
    expect(rows[0].adapter_config.outboundUrl).toBe('https://platform.example/byoc');
    expect(JSON.stringify(rows[0])).not.toContain(SIGNING_SECRET);
    expect(t.app.get(SecretBox).open(rows[0].adapter_config.signingSecrets[0], `channel:${rows[0].id}:signingSecrets`)).toBe(SIGNING_SECRET);

    // The same form again (a double click, the back button) adds nothing.
    const again = await submit('add', fields);
    expect(again.statusCode).toBe(303);
    expect(await channelRows(integration.id)).toHaveLength(1);
    expect(dfo.requestsTo('POST /dfo/3.0/channels')).toHaveLength(1);
  });

  it('on the bare /integration/actions/add, lets the admin choose among the brand’s integrations', async () => {
    const second = await createIntegration(t.app, brand.id, { name: 'Savanna Chat' });
    await createIntegration(t.app, brand.id, { name: 'Not issued yet', channelIntegrationId: undefined });
    const { token } = mint();
    const shown = await open('/integration/actions/add', cxoneParams(token));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain(`<option value="${integration.id}">Watering Hole</option>`);
    expect(shown.body).toContain(`<option value="${second.id}">Savanna Chat</option>`);
    expect(shown.body).not.toContain('Not issued yet');

    const fields = { formToken: formTokenOf(shown.body), name: 'Savanna', adapter: 'webhook', 'webhook.outboundUrl': 'https://savanna.example/in', 'webhook.signingSecrets': SIGNING_SECRET };
    const foreign = await createIntegration(t.app, (await createBrand(t.app)).id);
    const refused = await submit('add', { ...fields, integrationId: foreign.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="integrationId"');
    expect(await channelRows(foreign.id)).toHaveLength(0);

    expect((await submit('add', { ...fields, integrationId: second.id })).statusCode).toBe(303);
    expect(await channelRows(second.id)).toHaveLength(1);
    expect(JSON.parse(dfo.requestsTo('POST /dfo/3.0/channels')[0]!.body).channelIntegrationId).toBe(second.channelIntegrationId);
  });

  it('reconnects a channel: upserts it in DFO under its id and marks it active here', async () => {
    const channel = await createChannel(t.app, integration.id, { name: 'Watering Hole DMs', dfoChannelId: `chat_${randomUUID()}` });
    await db.query(`UPDATE channels SET status = 'disconnected' WHERE id = $1`, [channel.id]);
    const { token, accessToken } = mint();
    const shown = await open(`/integration/actions/reconnect/${integration.id}`, cxoneParams(token, { channelId: channel.dfoChannelId }));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain(`<code>${channel.dfoChannelId}</code>`);
    expect(dfoCallsBeyondVerification()).toHaveLength(0);

    const done = await submit('reconnect', { formToken: formTokenOf(shown.body) });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(BACK_URL);
    const [upsert] = dfo.requestsTo('POST /dfo/3.0/channels');
    expect(upsert!.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(JSON.parse(upsert!.body)).toMatchObject({ id: channel.dfoChannelId, idOnExternalPlatform: channel.dfoChannelId, channelIntegrationId: integration.channelIntegrationId, name: 'Watering Hole DMs' });
    expect((await channelRows(integration.id))[0].status).toBe('active');
  });

  it('reconnects with changed settings from the schema-generated form: secrets left empty are kept, refused settings change nothing', async () => {
    const channel = await createChannel(t.app, integration.id, { dfoChannelId: `chat_${randomUUID()}`, adapterConfig: { outboundUrl: 'https://old.example/in', signingSecrets: [SIGNING_SECRET] } });
    const shown = await open(`/integration/actions/reconnect/${integration.id}`, cxoneParams(mint().token, { channelId: channel.dfoChannelId }));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toMatch(/<input type="text" id="webhook.outboundUrl" name="webhook.outboundUrl" value="https:\/\/old.example\/in"/);
    expect(shown.body).toMatch(/<input type="password" id="webhook.signingSecrets" name="webhook.signingSecrets" value=""/);
    expect(shown.body).not.toContain(SIGNING_SECRET);
    const formToken = formTokenOf(shown.body);

    const refused = await submit('reconnect', { formToken, 'webhook.outboundUrl': 'ftp://nope', 'webhook.signingSecrets': '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/id="webhook.outboundUrl-error">must be an http or https URL/);
    expect(dfoCallsBeyondVerification()).toHaveLength(0);
    expect((await channelRows(integration.id))[0].adapter_config.outboundUrl).toBe('https://old.example/in');

    const done = await submit('reconnect', { formToken, 'webhook.outboundUrl': 'https://new.example/in', 'webhook.signingSecrets': '' });
    expect(done.statusCode).toBe(303);
    expect(dfo.requestsTo('POST /dfo/3.0/channels')).toHaveLength(1);
    const [row] = await channelRows(integration.id);
    expect(row.adapter_config.outboundUrl).toBe('https://new.example/in');
    expect(t.app.get(SecretBox).open(row.adapter_config.signingSecrets[0], `channel:${row.id}:signingSecrets`)).toBe(SIGNING_SECRET);
  });

  it('removes a channel: deletes it in DFO with CXone’s token and marks it removed here', async () => {
    const channel = await createChannel(t.app, integration.id, { dfoChannelId: `chat_${randomUUID()}` });
    const { token, accessToken } = mint();
    const shown = await open('/integration/actions/remove', cxoneParams(token, { channelId: channel.dfoChannelId }));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Remove channel');
    expect((await channelRows(integration.id))[0].status).toBe('active');

    const done = await submit('remove', { formToken: formTokenOf(shown.body) });
    expect(done.statusCode).toBe(303);
    const [deleted] = dfo.requestsTo(`DELETE /dfo/3.0/channels/${channel.dfoChannelId}`);
    expect(deleted!.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect((await channelRows(integration.id))[0].status).toBe('removed');
  });

  it('shows an error page for a bad, used or foreign one-time token, and changes nothing', async () => {
    const channel = await createChannel(t.app, integration.id, { dfoChannelId: `chat_${randomUUID()}` });
    const bad = await open(`/integration/actions/remove/${integration.id}`, cxoneParams('ott-made-up', { channelId: channel.dfoChannelId }));
    expect(bad.statusCode).toBe(403);
    expect(bad.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(bad.headers['cache-control']).toBe('no-store');
    expect(bad.body).toContain('This link cannot be used');
    expect(bad.body).not.toContain('formToken');

    const { token } = mint();
    expect((await open(`/integration/actions/add/${integration.id}`, cxoneParams(token))).statusCode).toBe(200);
    const reused = await open(`/integration/actions/add/${integration.id}`, cxoneParams(token));
    expect(reused.statusCode).toBe(403);

    const forOtherUser = dfo.mintOneTimeToken({ brandId: brand.dfoBrandId, userId: USER_ID + 1 });
    expect((await open(`/integration/actions/add/${integration.id}`, cxoneParams(forOtherUser.token))).statusCode).toBe(403);

    // DFO vouching for another brand than the one asked about is a refusal too.
    const lying = dfo.mintOneTimeToken({ brandId: brand.dfoBrandId, userId: USER_ID, brand: { id: brand.dfoBrandId + 1 } });
    expect((await open(`/integration/actions/add/${integration.id}`, cxoneParams(lying.token))).statusCode).toBe(403);

    expect(dfoCallsBeyondVerification()).toHaveLength(0);
    expect((await channelRows(integration.id)).map((c: { status: string }) => c.status)).toEqual(['active']);
  });

  it('refuses a forged, foreign or misdirected form token, and changes nothing', async () => {
    const channel = await createChannel(t.app, integration.id, { dfoChannelId: `chat_${randomUUID()}` });
    const other = await createChannel(t.app, integration.id, { dfoChannelId: `chat_${randomUUID()}` });
    const shown = await open(`/integration/actions/remove/${integration.id}`, cxoneParams(mint().token, { channelId: channel.dfoChannelId }));
    const formToken = formTokenOf(shown.body);

    const [header, payload, signature] = formToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const retargeted = `${header}.${Buffer.from(JSON.stringify({ ...claims, channelId: other.id })).toString('base64url')}.${signature}`;
    const otherSecret = new TokenSigner('an-attackers-own-signing-secret-0123').sign('byoc-bridge:action-form', String(USER_ID), 600, { ...claims }).token;
    const integrationBoxAudience = t.app.get(TokenSigner).sign('integration-box', integration.id, 600, { ...claims }).token;
    for (const [action, token] of [['remove', retargeted], ['remove', otherSecret], ['remove', integrationBoxAudience], ['remove', ''], ['reconnect', formToken]] as const) {
      const res = await submit(action, { formToken: token });
      expect({ action, status: res.statusCode }).toEqual({ action, status: 403 });
      expect(res.body).toContain('This form cannot be used');
    }
    expect(dfoCallsBeyondVerification()).toHaveLength(0);
    expect((await channelRows(integration.id)).map((c: { status: string }) => c.status)).toEqual(['active', 'active']);
  });

  it('refuses a javascript: (or any non-http) backUrl before using the token', async () => {
    const { token } = mint();
    for (const backUrl of ['javascript:alert(document.cookie)', 'java\tscript:alert(1)', '//evil.example/', 'data:text/html,hi']) {
      const res = await open(`/integration/actions/add/${integration.id}`, { ...cxoneParams(token), backUrl });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('backUrl');
      expect(res.body).not.toMatch(/href="(javascript|java|data|\/\/)/i);
    }
    expect(dfo.requests).toHaveLength(0);
    expect((await open(`/integration/actions/add/${integration.id}`, cxoneParams(token))).statusCode).toBe(200); // the token is still good
  });

  it('shows an error page and stores nothing when DFO fails the submission', async () => {
    dfo.route('POST /dfo/3.0/channels', { status: 503 });
    const shown = await open(`/integration/actions/add/${integration.id}`, cxoneParams(mint().token));
    const res = await submit('add', { formToken: formTokenOf(shown.body), name: 'Down', adapter: 'webhook', 'webhook.outboundUrl': 'https://p.example', 'webhook.signingSecrets': SIGNING_SECRET });
    expect(res.statusCode).toBe(502);
    expect(res.body).toContain('CXone did not accept the channel');
    expect(res.body).toContain(`href="${BACK_URL.replace(/&/g, '&amp;')}"`);
    expect(await channelRows(integration.id)).toHaveLength(0);
  });

  it('answers 404 for a DFO brand or integration it does not know, without calling DFO', async () => {
    const { token } = mint();
    const unknownBrand = await open('/integration/actions/add', { ...cxoneParams(token), brandId: 2_100_000_000 });
    expect(unknownBrand.statusCode).toBe(404);
    const otherBrandsIntegration = await createIntegration(t.app, (await createBrand(t.app)).id);
    expect((await open(`/integration/actions/add/${otherBrandsIntegration.id}`, cxoneParams(token))).statusCode).toBe(404);
    expect((await open('/integration/actions/add/not-an-id', cxoneParams(token))).statusCode).toBe(404);
    expect(dfo.requests).toHaveLength(0);
  });

  it('escapes what DFO and CXone send when it renders them', async () => {
    const { token } = dfo.mintOneTimeToken({ brandId: brand.dfoBrandId, userId: USER_ID, brand: { friendlyName: '<img src=x onerror=alert(1)>' }, user: { firstName: '<script>alert(1)</script>' } });
    const shown = await open(`/integration/actions/add/${integration.id}`, cxoneParams(token, { backUrl: 'https://cxone.example/back?"><script>alert(2)</script>' }));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toMatch(/<script>|<img/);
    expect(shown.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(shown.body).toContain('href="https://cxone.example/back?%22%3E%3Cscript%3Ealert(2)%3C/script%3E"');
  });
});

function formTokenOf(page: string): string {
  const match = /<input type="hidden" name="formToken" value="([^"]+)">/.exec(page);
  if (!match) throw new Error(`no form token in the page:\n${page}`);
  return match[1]!;
}
