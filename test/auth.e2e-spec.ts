import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sha256Hex } from '../src/core/crypto/hashing';
import { TokenSigner } from '../src/core/crypto/token-signer';
import { bearer, createApiKey, createBrand, createChannel, createIntegration, integrationToken } from './support/admin-api';
import { startTestApp, TestApp } from './support/test-app';

describe('auth: Integration Box token endpoint and API keys', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ INTEGRATION_TOKEN_TTL_S: '900' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const token = (payload: string | object, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url: '/integration/box/1.0/token', headers: { 'content-type': contentType }, payload });
  const get = (url: string, key?: string) => t.app.inject({ method: 'GET', url, headers: key === undefined ? {} : bearer(key) });

  describe('POST /integration/box/1.0/token', () => {
    it('issues a token for the integration from a JSON body', async () => {
      const brand = await createBrand(t.app);
      const integration = await createIntegration(t.app, brand.id);
      const res = await token({ grant_type: 'client_credentials', client_id: integration.clientId, client_secret: integration.clientSecret });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
      const verified = t.app.get(TokenSigner).verify(res.json().access_token, 'integration-box');
      expect(verified).toMatchObject({ ok: true, claims: { sub: integration.id, brandId: brand.id } });
    });

    it('accepts a form-encoded body too', async () => {
      const brand = await createBrand(t.app);
      const integration = await createIntegration(t.app, brand.id);
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: integration.clientId, client_secret: integration.clientSecret });
      const res = await token(form.toString(), 'application/x-www-form-urlencoded');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    });

    it('answers in OAuth error format: invalid_client, unsupported_grant_type, invalid_request', async () => {
      const brand = await createBrand(t.app);
      const integration = await createIntegration(t.app, brand.id);
      const wrongSecret = await token({ grant_type: 'client_credentials', client_id: integration.clientId, client_secret: `${integration.clientSecret}x` });
      expect(wrongSecret.statusCode).toBe(401);
      expect(wrongSecret.json()).toEqual({ error: 'invalid_client' });

      const unknownClient = await token({ grant_type: 'client_credentials', client_id: 'bb_ci_nobody', client_secret: integration.clientSecret });
      expect(unknownClient.statusCode).toBe(401);
      expect(unknownClient.json()).toEqual({ error: 'invalid_client' });

      const password = await token({ grant_type: 'password', username: 'a', password: 'b' });
      expect(password.statusCode).toBe(400);
      expect(password.json()).toEqual({ error: 'unsupported_grant_type' });

      const missing = await token({ grant_type: 'client_credentials', client_id: integration.clientId });
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toEqual({ error: 'invalid_request' });
      expect((await token({})).json()).toEqual({ error: 'invalid_request' });
      const metrics = (await get('/metrics')).body;
      expect(metrics).toMatch(/integration_token_requests_total\{result="invalid_client"\} [2-9]/);
      expect(metrics).toMatch(/integration_token_requests_total\{result="unsupported_grant_type"\} [1-9]/);
    });

    it('is documented in the OpenAPI document', async () => {
      const doc = (await get('/docs-json')).json();
      expect(Object.keys(doc.paths['/integration/box/1.0/token'].post.requestBody.content)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
      expect(doc.paths['/api/v1/brands'].post.security).toEqual([{ 'api-key': [] }]);
      expect(doc.paths['/api/v1/integrations/{id}/channels'].post.security).toEqual([{ 'api-key': [] }]);
    });

    it('issues tokens that the admin helper can fetch as DFO would', async () => {
      const brand = await createBrand(t.app);
      const integration = await createIntegration(t.app, brand.id);
      await expect(integrationToken(t.app, integration.clientId, integration.clientSecret)).resolves.toMatch(/^ey/);
    });
  });

  describe('API keys', () => {
    it('refuses requests without a valid key', async () => {
      expect((await get('/api/v1/brands')).statusCode).toBe(401);
      const wrong = await get('/api/v1/brands', 'bb_key_not-a-real-key');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'AUTH.INVALID_API_KEY' });
      // Keys travel in the Authorization header only, never in the query string.
      const inQuery = await t.app.inject({ method: 'GET', url: `/api/v1/brands?access_token=${encodeURIComponent('bb_test_admin_key_0123456789abcdef')}` });
      expect(inQuery.statusCode).toBe(401);
    });

    it('creates a key shown once, stores only its hash, and accepts it', async () => {
      const brand = await createBrand(t.app);
      const created = await createApiKey(t.app, { role: 'admin', brandIds: [brand.id], name: 'jungle admin' });
      expect(created).toMatchObject({ name: 'jungle admin', role: 'admin', brandIds: [brand.id], keyPrefix: created.key.slice(0, 13), lastUsedAt: null });
      const [row] = await db.query('SELECT key_hash, key_prefix, last_used_at FROM api_keys WHERE id = $1', [created.id]);
      expect(row.key_hash).toBe(sha256Hex(created.key));
      expect(JSON.stringify(row)).not.toContain(created.key);

      const res = await get(`/api/v1/brands/${brand.id}`, created.key);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: brand.id });
      const [used] = await db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [created.id]);
      expect(used.last_used_at).toBeInstanceOf(Date);
    });

    it('validates brandIds: unknown brands are a 400 naming the field, and nothing is stored', async () => {
      const before = Number((await db.query('SELECT count(*) AS n FROM api_keys'))[0].n);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(), payload: { name: 'x', role: 'support', brandIds: [randomUUID()] } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'API_KEY.UNKNOWN_BRAND', field: 'brandIds' });
      const badRole = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(), payload: { name: 'x', role: 'root' } });
      expect(badRole.json()).toMatchObject({ statusCode: 400, field: 'role' });
      expect(Number((await db.query('SELECT count(*) AS n FROM api_keys'))[0].n)).toBe(before);
    });

    it('lets a brand-scoped admin create keys within its own brands only', async () => {
      const mine = await createBrand(t.app);
      const theirs = await createBrand(t.app);
      const admin = await createApiKey(t.app, { role: 'admin', brandIds: [mine.id] });
      const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(admin.key), payload });

      expect((await post({ name: 'ok', role: 'support', brandIds: [mine.id] })).statusCode).toBe(201);
      const foreign = await post({ name: 'no', role: 'support', brandIds: [theirs.id] });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json()).toMatchObject({ field: 'brandIds' });
      const everything = await post({ name: 'no', role: 'admin' });
      expect(everything.statusCode).toBe(403);
      expect(everything.json()).toMatchObject({ code: 'API_KEY.SCOPE_EXCEEDED', field: 'brandIds' });
      const brandBody = { name: 'B', tenantId: 't', dfoBrandId: 1, businessUnitId: 2, dfo: { apiBaseUrl: 'https://x.example/dfo/3.0', authKind: 'access_key', keyId: 'k', secret: 's' } };
      const brand = await t.app.inject({ method: 'POST', url: '/api/v1/brands', headers: bearer(admin.key), payload: brandBody });
      expect(brand.statusCode).toBe(403);
      expect(brand.json()).toMatchObject({ code: 'BRAND.SCOPE_EXCEEDED' });
    });

    it('scopes a support key: another brand’s objects are 404, and it cannot write', async () => {
      const a = await createBrand(t.app);
      const b = await createBrand(t.app);
      const channelA = await createChannel(t.app, (await createIntegration(t.app, a.id)).id, { dfoChannelId: `a-${randomUUID()}` });
      const integrationB = await createIntegration(t.app, b.id);
      const channelB = await createChannel(t.app, integrationB.id, { dfoChannelId: `b-${randomUUID()}` });
      const support = await createApiKey(t.app, { role: 'support', brandIds: [a.id] });

      expect((await get(`/api/v1/channels/${channelA.id}`, support.key)).statusCode).toBe(200);
      expect((await get(`/api/v1/brands/${a.id}`, support.key)).statusCode).toBe(200);
      const foreignChannel = await get(`/api/v1/channels/${channelB.id}`, support.key);
      expect(foreignChannel.statusCode).toBe(404);
      expect(foreignChannel.json()).toMatchObject({ code: 'CHANNEL.NOT_FOUND' });
      expect((await get(`/api/v1/brands/${b.id}`, support.key)).statusCode).toBe(404);
      expect((await get(`/api/v1/integrations/${integrationB.id}`, support.key)).statusCode).toBe(404);

      const brands = (await get('/api/v1/brands', support.key)).json() as Array<{ id: string }>;
      expect(brands.map((x) => x.id)).toEqual([a.id]);
      const all = (await get('/api/v1/channels', support.key)).json() as Array<{ id: string }>;
      expect(all.map((c) => c.id)).toEqual([channelA.id]);
      expect((await get(`/api/v1/channels?brandId=${b.id}`, support.key)).json()).toEqual([]);

      const write = await t.app.inject({ method: 'PATCH', url: `/api/v1/channels/${channelA.id}`, headers: bearer(support.key), payload: { name: 'x' } });
      expect(write.statusCode).toBe(403);
      expect(write.json()).toMatchObject({ code: 'AUTH.ROLE_FORBIDDEN' });
      const create = await t.app.inject({ method: 'POST', url: `/api/v1/brands/${a.id}/integrations`, headers: bearer(support.key), payload: { name: 'x', replyApi: '2.0' } });
      expect(create.statusCode).toBe(403);

      // An admin key scoped to A cannot touch B's channel either: 404, and B's channel is unchanged.
      const adminA = await createApiKey(t.app, { role: 'admin', brandIds: [a.id] });
      const patchB = await t.app.inject({ method: 'PATCH', url: `/api/v1/channels/${channelB.id}`, headers: bearer(adminA.key), payload: { name: 'hijacked' } });
      expect(patchB.statusCode).toBe(404);
      expect((await get(`/api/v1/channels/${channelB.id}`)).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/channels/${channelB.id}`, headers: bearer() })).json().name).toBe(channelB.name);
    });

    it('refuses a revoked key', async () => {
      const brand = await createBrand(t.app);
      const key = await createApiKey(t.app, { role: 'support', brandIds: [brand.id] });
      expect((await get('/api/v1/brands', key.key)).statusCode).toBe(200);
      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: bearer() });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).toEqual(expect.any(String));
      expect((await get('/api/v1/brands', key.key)).statusCode).toBe(401);
      const [row] = await db.query('SELECT revoked_at FROM api_keys WHERE id = $1', [key.id]);
      expect(row.revoked_at).toBeInstanceOf(Date);
    });
  });
});
