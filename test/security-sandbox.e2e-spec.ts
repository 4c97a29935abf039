import { randomUUID } from 'node:crypto';
import { createBrand, createChannel, createIntegration } from './support/admin-api';
import { deleteBrands } from './support/brand-cleanup';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Sandbox mode is never on by accident (architecture.md §7, issue 15 finding 1): with DATABASE_URL and SANDBOX unset
 * the emulator, its test API, its console and the demo page do not exist; in sandbox mode the test API and the
 * console answer loopback clients only, unless SANDBOX_PUBLIC=true, decided by the peer and never by a forwarded
 * header from an untrusted peer.
 */
const OUTSIDER = '203.0.113.9';

describe('sandbox mode is never on by accident', () => {
  const brandIds: string[] = [];
  afterAll(() => deleteBrands(brandIds));

  it('with DATABASE_URL set and SANDBOX unset, /sandbox/* and the demo page answer 404', async () => {
    const t = await startTestApp({ SANDBOX: '' });
    try {
      expect(t.config.app.sandbox).toBe(false);
      const brand = await createBrand(t);
      brandIds.push(brand.id);
      const integration = await createIntegration(t, brand.id);
      const chat = await createChannel(t, integration.id, { adapter: 'webchat', dfoChannelId: `wc-${randomUUID()}`, adapterConfig: { allowedOrigins: [] } });
      const attempts = [
        { method: 'GET', url: '/sandbox/agent' },
        { method: 'GET', url: '/sandbox/_emulator/state' },
        { method: 'PATCH', url: `/sandbox/_emulator/integrations/${integration.channelIntegrationId}`, payload: { authorizationUrl: 'http://198.51.100.1/steal' } },
        { method: 'POST', url: '/sandbox/auth/token', payload: { grant_type: 'password', username: 'k', password: 's' } },
        { method: 'GET', url: '/sandbox/dfo/3.0/channels' },
        { method: 'GET', url: `/webchat/demo/${chat.dfoChannelId}` },
      ] as const;
      for (const attempt of attempts) {
        const res = await t.app.inject({ ...attempt, remoteAddress: '127.0.0.1' });
        expect([attempt.url, res.statusCode, res.json().code]).toEqual([attempt.url, 404, 'ROUTE.NOT_FOUND']);
      }
      // The web chat itself is there: only the demo page is gone.
      expect((await t.app.inject({ method: 'POST', url: `/webchat/${chat.dfoChannelId}/sessions`, payload: {} })).statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });

  describe('in sandbox mode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ SANDBOX: 'true' });
    });
    afterAll(() => t.close());

    const integrations = async () => (await t.app.inject({ method: 'GET', url: '/sandbox/_emulator/integrations', remoteAddress: '127.0.0.1' })).json().data;

    it('refuses the test API and the console to a non-loopback peer, whatever X-Forwarded-For says, and changes nothing', async () => {
      const id = randomUUID();
      const registration = { name: 'x', integrationBoxUrl: 'http://127.0.0.1:9/integration/box', authorizationUrl: 'http://127.0.0.1:9/token', clientId: 'c', clientSecret: 's', replyApi: '2.0' };
      expect((await t.app.inject({ method: 'PUT', url: `/sandbox/_emulator/integrations/${id}`, payload: registration, remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
      const before = await integrations();

      const hostile = [
        { method: 'PATCH', url: `/sandbox/_emulator/integrations/${id}`, payload: { authorizationUrl: 'http://198.51.100.1/steal' } },
        { method: 'GET', url: '/sandbox/_emulator/state' },
        { method: 'POST', url: '/sandbox/_emulator/reset' },
        { method: 'GET', url: '/sandbox/agent' },
        { method: 'GET', url: '/sandbox/%5Femulator/state' },
      ] as const;
      for (const attempt of hostile) {
        for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }, { 'x-real-ip': '127.0.0.1', forwarded: 'for=127.0.0.1' }]) {
          const res = await t.app.inject({ ...attempt, headers, remoteAddress: OUTSIDER });
          expect([attempt.url, res.statusCode]).toEqual([attempt.url, 403]);
          expect(res.json()).toMatchObject({ code: 'AUTH.FORBIDDEN', message: expect.stringContaining('SANDBOX_PUBLIC') });
        }
      }
      expect(await integrations()).toEqual(before);
      expect(before).toContainEqual(expect.objectContaining({ channelIntegrationId: id, authorizationUrl: 'http://127.0.0.1:9/token' }));
    });

    it('serves the demo page of a live web chat channel with its script tag, and 404 otherwise', async () => {
      const brand = await createBrand(t);
      brandIds.push(brand.id);
      const integration = await createIntegration(t, brand.id);
      const chat = await createChannel(t, integration.id, { adapter: 'webchat', dfoChannelId: `wc-${randomUUID()}`, adapterConfig: { allowedOrigins: [] } });
      const res = await t.app.inject({ method: 'GET', url: `/webchat/demo/${chat.dfoChannelId}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<script src="/webchat/widget.js" data-channel="${chat.dfoChannelId}" data-first-name="Simba" data-last-name="Lion" async></script>`);
      expect((await t.app.inject({ method: 'GET', url: '/webchat/demo/nope' })).statusCode).toBe(404);
    });

    it('answers loopback peers, IPv4 and IPv6 alike', async () => {
      for (const remoteAddress of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1']) {
        const res = await t.app.inject({ method: 'GET', url: '/sandbox/agent', remoteAddress });
        expect([remoteAddress, res.statusCode]).toEqual([remoteAddress, 200]);
      }
    });
  });

  it('SANDBOX_PUBLIC=true opens the console and the test API to any peer', async () => {
    const t = await startTestApp({ SANDBOX: 'true', SANDBOX_PUBLIC: 'true' });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/sandbox/agent', remoteAddress: OUTSIDER })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/sandbox/_emulator/state', remoteAddress: OUTSIDER })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('believes a forwarded client address only from TRUSTED_PROXIES', async () => {
    const t = await startTestApp({ SANDBOX: 'true', TRUSTED_PROXIES: OUTSIDER });
    try {
      const via = (xff: string) => t.app.inject({ method: 'GET', url: '/sandbox/agent', remoteAddress: OUTSIDER, headers: { 'x-forwarded-for': xff } });
      // The trusted proxy says the client is on loopback (a console behind a local proxy) ...
      expect((await via('127.0.0.1')).statusCode).toBe(200);
      // ... or that it is not, even when the client put a loopback address in front of its own.
      expect((await via('127.0.0.1, 198.51.100.7')).statusCode).toBe(403);
      // Another peer's forwarded header is still ignored.
      const other = await t.app.inject({ method: 'GET', url: '/sandbox/agent', remoteAddress: '198.51.100.8', headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(other.statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });
});
