import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, createApiKey, createBrand, createIntegration, integrationToken } from './support/admin-api';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from './support/test-app';

/**
 * docs/architecture.md §9.5: client-secret rotation with a grace period and token revocation, driven with the real clock
 * (a grace period of a couple of seconds, and a wait until the time the API says it ends), plus the admin reads
 * that show the secret state without ever showing a secret, and API keys accepted in the Authorization header only.
 */
describe('secrets lifecycle: rotation, revocation, reads', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, key?: string) =>
    t.app.inject({ method, url, headers: bearer(key), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const token = (clientId: string, clientSecret: string) =>
    t.app.inject({ method: 'POST', url: '/integration/box/1.0/token', payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
  /** An Integration Box call on a channel nobody has: 404 with a valid token, 401 without one. */
  const boxCall = (accessToken: string) =>
    t.app.inject({
      method: 'POST',
      url: `/integration/box/1.0/channel/no-such-channel-${randomUUID()}/thread/t1/sender-action`,
      headers: { authorization: `Bearer ${accessToken}` },
      payload: { senderAction: { action: 'isTypingOn' } },
    });
  const secretHashes = async (id: string) =>
    (await db.query('SELECT client_secret_hash AS current, previous_client_secret_hash AS previous FROM integrations WHERE id = $1', [id]))[0];

  it('rotates the client secret: the old one works during the grace period and fails after it', async () => {
    const brand = await createBrand(t);
    const integration = await createIntegration(t, brand.id);
    const rotated = await api('POST', `/api/v1/integrations/${integration.id}/client-secret`, { graceSeconds: 2 });
    expect(rotated.statusCode).toBe(201);
    expect(rotated.json()).toEqual({ clientSecret: expect.stringMatching(/^bb_cs_.{40,}/) });
    const newSecret: string = rotated.json().clientSecret;
    expect(newSecret).not.toBe(integration.clientSecret);

    const shown = (await api('GET', `/api/v1/integrations/${integration.id}`)).json();
    const validUntil = Date.parse(shown.secrets.previousClientSecretValidUntil);
    const rotatedAt = Date.parse(shown.secrets.clientSecretRotatedAt);
    expect(validUntil - rotatedAt).toBe(2000);
    expect(shown.secrets.tokensValidAfter).toBeNull();

    expect((await token(integration.clientId, integration.clientSecret)).statusCode).toBe(200);
    expect((await token(integration.clientId, newSecret)).statusCode).toBe(200);
    expect((await token(integration.clientId, `${newSecret}x`)).statusCode).toBe(401);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, validUntil - Date.now()) + 100));
    const old = await token(integration.clientId, integration.clientSecret);
    expect(old.statusCode).toBe(401);
    expect(old.json()).toEqual({ error: 'invalid_client' });
    expect((await token(integration.clientId, newSecret)).statusCode).toBe(200);

    // Only hashes are stored, never a secret.
    const row = await secretHashes(integration.id);
    expect(row.current).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toContain(newSecret);
    expect(JSON.stringify(row)).not.toContain(integration.clientSecret);
  });

  it('with graceSeconds 0 the old secret stops at once; a second rotation within a grace period drops the oldest', async () => {
    const brand = await createBrand(t);
    const integration = await createIntegration(t, brand.id);
    const rotate = async (graceSeconds: number) => (await api('POST', `/api/v1/integrations/${integration.id}/client-secret`, { graceSeconds })).json().clientSecret as string;

    const second = await rotate(0);
    expect((await token(integration.clientId, integration.clientSecret)).statusCode).toBe(401);
    expect((await api('GET', `/api/v1/integrations/${integration.id}`)).json().secrets.previousClientSecretValidUntil).toBeNull();
    const third = await rotate(3600);
    const fourth = await rotate(3600);
    expect((await token(integration.clientId, second)).statusCode).toBe(401);
    expect((await token(integration.clientId, third)).statusCode).toBe(200);
    expect((await token(integration.clientId, fourth)).statusCode).toBe(200);
  });

  it('defaults the grace period to a day, and refuses a bad one naming the field, changing nothing', async () => {
    const brand = await createBrand(t);
    const integration = await createIntegration(t, brand.id);
    const before = await secretHashes(integration.id);
    for (const graceSeconds of [-1, 30 * 86400 + 1, 1.5, '60', null]) {
      const res = await api('POST', `/api/v1/integrations/${integration.id}/client-secret`, { graceSeconds });
      expect([graceSeconds, res.statusCode, res.json().field]).toEqual([graceSeconds, 400, 'graceSeconds']);
    }
    expect((await api('POST', `/api/v1/integrations/${integration.id}/client-secret`, { graceSeconds: 1, extra: true })).statusCode).toBe(400);
    expect(await secretHashes(integration.id)).toEqual(before);

    // No body at all: the default.
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/integrations/${integration.id}/client-secret`, headers: bearer() });
    expect(res.statusCode).toBe(201);
    const { secrets } = (await api('GET', `/api/v1/integrations/${integration.id}`)).json();
    expect(Date.parse(secrets.previousClientSecretValidUntil) - Date.parse(secrets.clientSecretRotatedAt)).toBe(86400_000);
  });

  it('revokes tokens: every token issued before gets 401, a new one works', async () => {
    const brand = await createBrand(t);
    const integration = await createIntegration(t, brand.id);
    const other = await createIntegration(t, brand.id);
    const before = await integrationToken(t, integration.clientId, integration.clientSecret);
    const otherToken = await integrationToken(t, other.clientId, other.clientSecret);
    expect((await boxCall(before)).statusCode).toBe(404);

    const revoked = await api('POST', `/api/v1/integrations/${integration.id}/tokens/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: integration.id, secrets: { tokensValidAfter: expect.any(String) } });
    const refused = await boxCall(before);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');

    const after = await integrationToken(t, integration.clientId, integration.clientSecret);
    expect((await boxCall(after)).statusCode).toBe(404);
    // Another integration's tokens are untouched.
    expect((await boxCall(otherToken)).statusCode).toBe(404);
  });

  it('keeps other brands out: rotation, revocation and reads of a foreign integration are 404 and change nothing', async () => {
    const mine = await createBrand(t);
    const theirs = await createBrand(t);
    const foreign = await createIntegration(t, theirs.id);
    const admin = await createApiKey(t, { role: 'admin', brandIds: [mine.id] });
    const support = await createApiKey(t, { role: 'support', brandIds: [theirs.id] });
    const before = await db.query('SELECT * FROM integrations WHERE id = $1', [foreign.id]);

    for (const [method, url] of [
      ['POST', `/api/v1/integrations/${foreign.id}/client-secret`],
      ['POST', `/api/v1/integrations/${foreign.id}/tokens/revoke`],
      ['GET', `/api/v1/integrations/${foreign.id}`],
      ['GET', `/api/v1/brands/${theirs.id}/integrations`],
      ['DELETE', `/api/v1/integrations/${foreign.id}`],
    ] as const) {
      const res = await api(method, url, undefined, admin.key);
      expect([method, url, res.statusCode]).toEqual([method, url, 404]);
    }
    // A support key reads its brand but cannot rotate.
    expect((await api('GET', `/api/v1/brands/${theirs.id}/integrations`, undefined, support.key)).statusCode).toBe(200);
    expect((await api('POST', `/api/v1/integrations/${foreign.id}/client-secret`, {}, support.key)).statusCode).toBe(403);
    expect(await db.query('SELECT * FROM integrations WHERE id = $1', [foreign.id])).toEqual(before);
  });

  it('shows integrations with their secret and mTLS state, never a secret or a hash', async () => {
    const brand = await createBrand(t);
    const first = await createIntegration(t, brand.id, { name: 'first' });
    const second = await createIntegration(t, brand.id, { name: 'second' });
    const list = await api('GET', `/api/v1/brands/${brand.id}/integrations`);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((i: { name: string }) => i.name)).toEqual(['first', 'second']);
    const one = (await api('GET', `/api/v1/integrations/${first.id}`)).json();
    expect(one).toMatchObject({
      id: first.id,
      clientId: first.clientId,
      secrets: { clientSecretRotatedAt: null, previousClientSecretValidUntil: null, tokensValidAfter: null },
      mtls: { mode: 'off', trusted: [] },
    });
    for (const body of [list.body, JSON.stringify(one)]) {
      expect(body).not.toContain(first.clientSecret);
      expect(body).not.toContain(second.clientSecret);
      expect(body).not.toMatch(/scrypt\$|clientSecretHash|clientSecret"/);
    }
    expect((await api('GET', `/api/v1/brands/${randomUUID()}/integrations`)).statusCode).toBe(404);
  });

  it('lists API keys within the caller’s brands: names, roles, brands and last use, never a key or its hash', async () => {
    const a = await createBrand(t);
    const b = await createBrand(t);
    const adminA = await createApiKey(t, { role: 'admin', brandIds: [a.id], name: 'admin of A' });
    const supportA = await createApiKey(t, { role: 'support', brandIds: [a.id], name: 'support of A' });
    const supportB = await createApiKey(t, { role: 'support', brandIds: [b.id], name: 'support of B' });
    expect((await api('GET', '/api/v1/brands', undefined, supportA.key)).statusCode).toBe(200);

    const all = await api('GET', '/api/v1/api-keys');
    expect(all.statusCode).toBe(200);
    const listed = all.json() as Array<Record<string, unknown>>;
    expect(listed.find((k) => k.id === supportA.id)).toEqual({
      id: supportA.id, name: 'support of A', role: 'support', brandIds: [a.id], keyPrefix: supportA.keyPrefix,
      createdAt: supportA.createdAt, lastUsedAt: expect.any(String), revokedAt: null,
    });
    for (const key of [adminA, supportA, supportB]) {
      expect(all.body).not.toContain(key.key);
      const [row] = await db.query('SELECT key_hash FROM api_keys WHERE id = $1', [key.id]);
      expect(all.body).not.toContain(row.key_hash);
    }
    const scoped = (await api('GET', '/api/v1/api-keys', undefined, adminA.key)).json() as Array<{ id: string }>;
    expect(scoped.map((k) => k.id)).toEqual([adminA.id, supportA.id]);
    expect((await api('GET', '/api/v1/api-keys', undefined, supportA.key)).statusCode).toBe(403);
  });

  it('accepts an API key in the Authorization header only', async () => {
    const query = `access_token=${encodeURIComponent(TEST_ADMIN_KEY)}`;
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/brands?${query}` })).statusCode).toBe(401);
    // With another scheme in the header, the query's key must not be taken either.
    const basic = await t.app.inject({ method: 'GET', url: `/api/v1/brands?${query}`, headers: { authorization: 'Basic eDp5' } });
    expect(basic.statusCode).toBe(401);
    const form = await t.app.inject({
      method: 'POST', url: '/api/v1/api-keys', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `${query}&name=x&role=admin`,
    });
    expect(form.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/brands', headers: { authorization: `bearer ${TEST_ADMIN_KEY}` } })).statusCode).toBe(200);
  });
});
