import * as oidc from 'openid-client';
import { ClientSecretChecker } from '../src/auth/client-secret-checker';
import { TokenSigner } from '../src/core/crypto/token-signer';
import { createBrand, createIntegration, CreatedIntegration } from './support/admin-api';
import { startTestApp, TestApp } from './support/test-app';

const TOKEN_PATH = '/integration/box/1.0/token';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/**
 * The token endpoint (docs/architecture.md §6.1, §9.5) as OAuth clients see it: a certified client library gets tokens
 * with both client authentication methods over real HTTP, mixing the methods is refused, unknown clients cost no
 * scrypt, and the per-address and per-client-id rate limits answer 429 in OAuth form.
 */
describe('token endpoint: client authentication and rate limits', () => {
  let t: TestApp;
  let integration: CreatedIntegration;

  beforeAll(async () => {
    t = await startTestApp({ INTEGRATION_TOKEN_TTL_S: '600' }, { listen: true });
    integration = await createIntegration(t, (await createBrand(t)).id);
  });
  afterAll(() => t.close());

  const post = (payload: object | string, headers: Record<string, string> = {}, remoteAddress?: string) =>
    t.app.inject({ method: 'POST', url: TOKEN_PATH, payload, headers, ...(remoteAddress ? { remoteAddress } : {}) });

  function oidcConfig(auth: oidc.ClientAuth): oidc.Configuration {
    const server = { issuer: t.url, token_endpoint: `${t.url}${TOKEN_PATH}` };
    const config = new oidc.Configuration(server, integration.clientId, undefined, auth);
    // The test app listens on plain http on loopback; production sits behind TLS.
    oidc.allowInsecureRequests(config);
    return config;
  }

  it.each([
    ['client_secret_basic', () => oidc.ClientSecretBasic(integration.clientSecret)],
    ['client_secret_post', () => oidc.ClientSecretPost(integration.clientSecret)],
  ])('issues a token to openid-client with %s', async (_method, auth) => {
    const tokens = await oidc.clientCredentialsGrant(oidcConfig(auth()));
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 600 });
    const verified = t.app.get(TokenSigner).verify(tokens.access_token, 'integration-box');
    expect(verified).toMatchObject({ ok: true, claims: { sub: integration.id, brandId: integration.brandId } });
  });

  it('refuses a wrong secret to openid-client: a Basic challenge for Basic, invalid_client for the body', async () => {
    await expect(oidc.clientCredentialsGrant(oidcConfig(oidc.ClientSecretBasic(`${integration.clientSecret}x`)))).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ scheme: 'basic', parameters: expect.objectContaining({ realm: 'byoc-bridge' }) })],
    });
    await expect(oidc.clientCredentialsGrant(oidcConfig(oidc.ClientSecretPost(`${integration.clientSecret}x`)))).rejects.toMatchObject({
      status: 401,
      error: 'invalid_client',
    });
  });

  it('answers a failed Basic authentication with a Basic challenge (RFC 6749 §5.2)', async () => {
    const res = await post({ grant_type: 'client_credentials' }, { authorization: basic(integration.clientId, 'wrong') });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_client' });
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="byoc-bridge"/);
    const posted = await post({ grant_type: 'client_credentials', client_id: integration.clientId, client_secret: 'wrong' });
    expect(posted.statusCode).toBe(401);
    expect(posted.headers['www-authenticate']).toBeUndefined();
  });

  it('refuses both methods at once, or a body client_id other than the Basic one, as invalid_request', async () => {
    const header = { authorization: basic(integration.clientId, integration.clientSecret) };
    const both = await post({ grant_type: 'client_credentials', client_id: integration.clientId, client_secret: integration.clientSecret }, header);
    expect(both.statusCode).toBe(400);
    expect(both.json()).toEqual({ error: 'invalid_request' });
    const mismatched = await post({ grant_type: 'client_credentials', client_id: 'bb_ci_someone_else' }, header);
    expect(mismatched.statusCode).toBe(400);
    expect(mismatched.json()).toEqual({ error: 'invalid_request' });
    // The same client id in both places is fine, in a form body too.
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: integration.clientId }).toString();
    expect((await post(form, { ...header, 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBe(200);
    // A malformed header, or a NUL inside the Basic credentials, is a 400 and not a database error.
    for (const authorization of ['Basic %%%', basic('bb_ci_\u0000', 'x'), basic('bb_ci_x', '\u0000')]) {
      const res = await post({ grant_type: 'client_credentials' }, { authorization });
      expect([authorization, res.statusCode, res.json()]).toEqual([authorization, 400, { error: 'invalid_request' }]);
    }
  });

  it('is documented with both client authentication methods and the 429', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
    const op = doc.paths[TOKEN_PATH].post;
    expect(op.security).toEqual(expect.arrayContaining([{}, { 'client-basic': [] }]));
    expect(doc.components.securitySchemes['client-basic']).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(op.parameters ?? []).toEqual([]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
  });

  it('spends no scrypt on an unknown client id, and answers it exactly like a wrong secret', async () => {
    const checker = t.app.get(ClientSecretChecker);
    const check = jest.spyOn(checker, 'check');
    const decoy = jest.spyOn(checker, 'decoy');
    const unknown = await post({ grant_type: 'client_credentials', client_id: 'bb_ci_nobody', client_secret: integration.clientSecret });
    expect(check).not.toHaveBeenCalled();
    expect(decoy).toHaveBeenCalledTimes(1);
    const wrong = await post({ grant_type: 'client_credentials', client_id: integration.clientId, client_secret: 'wrong' });
    expect(check).toHaveBeenCalledTimes(1);
    expect([unknown.statusCode, unknown.body]).toEqual([wrong.statusCode, wrong.body]);
    check.mockRestore();
    decoy.mockRestore();
  });
});

describe('token endpoint: rate limits', () => {
  let t: TestApp;
  let integration: CreatedIntegration;

  beforeAll(async () => {
    t = await startTestApp({ INTEGRATION_TOKEN_RATE_PER_ADDRESS: '5', INTEGRATION_TOKEN_RATE_PER_CLIENT: '3' });
    integration = await createIntegration(t, (await createBrand(t)).id);
  });
  afterAll(() => t.close());

  const request = (clientId: string, remoteAddress: string, clientSecret = 'wrong') =>
    t.app.inject({ method: 'POST', url: TOKEN_PATH, remoteAddress, payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });

  function expectSlowDown(res: Awaited<ReturnType<typeof request>>): void {
    expect(res.statusCode).toBe(429);
    expect(res.json()).toEqual({ error: 'slow_down' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  it('limits requests per client id, from any address, without checking the secret beyond the limit', async () => {
    for (let i = 1; i <= 3; i++) expect((await request(integration.clientId, `10.1.0.${i}`)).statusCode).toBe(401);
    const check = jest.spyOn(t.app.get(ClientSecretChecker), 'check');
    expectSlowDown(await request(integration.clientId, '10.1.0.9', integration.clientSecret));
    expect(check).not.toHaveBeenCalled();
    check.mockRestore();
    // Another client from the same addresses is not affected.
    expect((await request('bb_ci_other', '10.1.0.1')).statusCode).toBe(401);
  });

  it('limits requests per client address, whatever client ids they name', async () => {
    for (let i = 1; i <= 5; i++) expect((await request(`bb_ci_unknown_${i}`, '10.2.0.1')).statusCode).toBe(401);
    expectSlowDown(await request('bb_ci_unknown_6', '10.2.0.1'));
    expect((await request('bb_ci_unknown_6', '10.2.0.2')).statusCode).toBe(401);
  });
});
