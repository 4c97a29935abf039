import { brandCredentials, buildDfoClient, DfoClientHarness, metricValue } from '../../test/support/dfo-client-harness';
import { FakeDfoServer } from '../../test/support/fake-dfo-server';
import { DfoBrandCredentials } from './dfo-credentials';
import { DfoError } from './dfo.errors';

const CHANNELS = 'GET /dfo/3.0/channels';

async function failure(promise: Promise<unknown>): Promise<DfoError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DfoError);
  return err as DfoError;
}

describe('HttpDfoClient tokens, retries and failures', () => {
  let dfo: FakeDfoServer;
  let h: DfoClientHarness;
  let brand: DfoBrandCredentials;

  beforeEach(async () => {
    dfo = await new FakeDfoServer().start();
    dfo.route(CHANNELS, { body: [] });
    h = buildDfoClient();
    brand = brandCredentials(dfo.origin);
  });
  afterEach(async () => {
    await h.close();
    await dfo.stop();
  });

  describe('tokens', () => {
    it('makes one token request for 50 concurrent calls with no token', async () => {
      await Promise.all(Array.from({ length: 50 }, () => h.client.listChannels(brand)));
      expect(dfo.tokenRequests).toHaveLength(1);
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(50);
      expect(dfo.requestsTo(CHANNELS).every((r) => r.headers.authorization === 'Bearer tok-1')).toBe(true);
      expect(await metricValue(h.metrics, 'dfo_token_requests_total', { outcome: 'success' })).toBe(1);
    });

    it('makes one token request for 50 concurrent calls with an expired token', async () => {
      await h.client.listChannels(brand);
      h.clock.advance(3600_000);
      await Promise.all(Array.from({ length: 50 }, () => h.client.listChannels(brand)));
      expect(dfo.tokenRequests).toHaveLength(2);
      expect(dfo.requestsTo(CHANNELS).slice(1).every((r) => r.headers.authorization === 'Bearer tok-2')).toBe(true);
    });

    it('refreshes tokenRefreshSkewSeconds before expiry, not before', async () => {
      await h.client.listChannels(brand);
      h.clock.advance((3600 - 61) * 1000);
      await h.client.listChannels(brand);
      expect(dfo.tokenRequests).toHaveLength(1);
      h.clock.advance(2000);
      await h.client.listChannels(brand);
      expect(dfo.tokenRequests).toHaveLength(2);
      expect(dfo.requestsTo(CHANNELS).map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
    });

    it('assumes 3600 s when the token answer has no expires_in', async () => {
      dfo.tokenTtlSeconds = undefined;
      await h.client.listChannels(brand);
      h.clock.advance(3500_000);
      await h.client.listChannels(brand);
      expect(dfo.tokenRequests).toHaveLength(1);
    });

    it('keeps one token per cacheKey', async () => {
      await h.client.listChannels(brand);
      await h.client.listChannels({ ...brand, cacheKey: 'brand-2:other' });
      await h.client.listChannels(brand);
      expect(dfo.tokenRequests).toHaveLength(2);
    });

    it('on a 401 refreshes once and retries once', async () => {
      await h.client.listChannels(brand);
      dfo.script(CHANNELS, { status: 401 });
      expect(await h.client.listChannels(brand)).toEqual([]);
      expect(dfo.tokenRequests).toHaveLength(2);
      expect(dfo.requestsTo(CHANNELS).map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
    });

    it('shares the refresh when 20 concurrent calls get a 401', async () => {
      await h.client.listChannels(brand);
      dfo.route(CHANNELS, (req) => (req.headers.authorization === 'Bearer tok-1' ? { status: 401 } : { body: [] }));
      await Promise.all(Array.from({ length: 20 }, () => h.client.listChannels(brand)));
      expect(dfo.tokenRequests).toHaveLength(2);
    });

    it('fails AUTH_FAILED on a second 401, without a third attempt', async () => {
      dfo.route(CHANNELS, { status: 401 });
      const err = await failure(h.client.listChannels(brand));
      expect(err.kind).toBe('AUTH_FAILED');
      expect(err.code).toBe('DFO.AUTH_FAILED');
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(2);
      expect(dfo.tokenRequests).toHaveLength(2);
    });

    it('fails AUTH_FAILED at once on a 401 with an action-page token', async () => {
      dfo.route(CHANNELS, { status: 401 });
      const err = await failure(h.client.listChannels({ kind: 'access_token', apiBaseUrl: dfo.apiBaseUrl, accessToken: 'jwt' }));
      expect(err.kind).toBe('AUTH_FAILED');
      expect(dfo.requests).toHaveLength(1);
    });

    it('fails AUTH_FAILED when the token endpoint refuses, with no retry and nothing cached', async () => {
      dfo.script('POST /auth/token', { status: 401, body: { error: 'invalid_client' } });
      const err = await failure(h.client.listChannels(brand));
      expect(err.kind).toBe('AUTH_FAILED');
      expect(err.extra.httpStatus).toBe(401);
      expect(dfo.tokenRequests).toHaveLength(1);
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(0);
      expect(await metricValue(h.metrics, 'dfo_token_requests_total', { outcome: 'auth_failed' })).toBe(1);
      // The failure was not cached: the next call asks again and succeeds.
      await h.client.listChannels(brand);
      expect(dfo.tokenRequests).toHaveLength(2);
    });

    it('rejects every waiter of a failed refresh', async () => {
      dfo.script('POST /auth/token', { status: 400, body: { error: 'invalid_grant' } });
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => h.client.listChannels(brand)));
      expect(results.every((r) => r.status === 'rejected' && (r.reason as DfoError).kind === 'AUTH_FAILED')).toBe(true);
      expect(dfo.tokenRequests).toHaveLength(1);
    });

    it('retries a token endpoint 503 like any call', async () => {
      dfo.script('POST /auth/token', { status: 503 }, { status: 503 });
      await h.client.listChannels(brand);
      expect(dfo.tokenRequests).toHaveLength(3);
      expect(h.sleeper.delays).toHaveLength(2);
    });

    it('fails AUTH_FAILED when the token answer has no access_token', async () => {
      dfo.script('POST /auth/token', { body: '<html>login</html>' });
      expect((await failure(h.client.listChannels(brand))).kind).toBe('AUTH_FAILED');
    });
  });

  describe('retries', () => {
    it('honours Retry-After (seconds) on 429', async () => {
      dfo.script(CHANNELS, { status: 429, headers: { 'retry-after': '2' } });
      await h.client.listChannels(brand);
      expect(h.sleeper.delays).toEqual([2000]);
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(2);
    });

    it('honours Retry-After as an HTTP date, measured on the injected clock', async () => {
      const at = new Date(h.clock.now().getTime() + 3000).toUTCString();
      dfo.script(CHANNELS, { status: 503, headers: { 'retry-after': at } });
      await h.client.listChannels(brand);
      expect(h.sleeper.delays).toEqual([3000]);
    });

    it('stops at once with RATE_LIMITED and retryAfterMs when Retry-After exceeds retryMaxMs', async () => {
      dfo.script(CHANNELS, { status: 429, headers: { 'retry-after': '120' } });
      const err = await failure(h.client.listChannels(brand));
      expect(err.kind).toBe('RATE_LIMITED');
      expect(err.retryable).toBe(true);
      expect(err.extra.retryAfterMs).toBe(120_000);
      expect(h.sleeper.delays).toEqual([]);
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(1);
    });

    it('succeeds after 503 three times, with growing jittered backoff', async () => {
      dfo.script(CHANNELS, { status: 503 }, { status: 503 }, { status: 503 });
      dfo.route(CHANNELS, { body: [{ id: 'chat_1' }] });
      expect(await h.client.listChannels(brand)).toEqual([{ id: 'chat_1' }]);
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(4);
      const [d1, d2, d3] = h.sleeper.delays;
      expect(d1).toBeGreaterThanOrEqual(50);
      expect(d1).toBeLessThanOrEqual(100);
      expect(d2).toBeGreaterThanOrEqual(100);
      expect(d2).toBeLessThanOrEqual(200);
      expect(d3).toBeGreaterThanOrEqual(200);
      expect(d3).toBeLessThanOrEqual(400);
      expect(await metricValue(h.metrics, 'dfo_retries_total', { operation: 'listChannels', reason: '503' })).toBe(3);
      expect(await metricValue(h.metrics, 'dfo_requests_total', { operation: 'listChannels', outcome: 'success' })).toBe(1);
    });

    it('gives up RETRYABLE after maxRetries, keeping the last Retry-After', async () => {
      dfo.route(CHANNELS, { status: 502, headers: { 'retry-after': '1' } });
      const err = await failure(h.client.listChannels(brand));
      expect(err.kind).toBe('RETRYABLE');
      expect(err.extra).toMatchObject({ httpStatus: 502, retryAfterMs: 1000, operation: 'listChannels' });
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(4);
      expect(await metricValue(h.metrics, 'dfo_requests_total', { operation: 'listChannels', outcome: 'retryable' })).toBe(1);
    });

    it('does not retry a 400 and returns REJECTED with DFO errors[]', async () => {
      const errors = [{ field: 'thread.idOnExternalPlatform', message: 'This value should not be blank.', parameters: {}, errorCode: 'E1' }];
      dfo.route('POST /dfo/3.0/channels', { status: 400, body: { errors, uid: 'u-1' } });
      const channel = { id: 'c', idOnExternalPlatform: 'c', channelIntegrationId: 'i', realExternalPlatformId: 'custom', name: 'n', isPrivate: true, hasTreeStructure: false };
      const err = await failure(h.client.createChannel(brand, channel));
      expect(err.kind).toBe('REJECTED');
      expect(err.retryable).toBe(false);
      expect(err.extra.dfoErrors).toEqual(errors);
      expect(err.message).toContain('thread.idOnExternalPlatform');
      expect(dfo.requestsTo('POST /dfo/3.0/channels')).toHaveLength(1);
      expect(h.sleeper.delays).toEqual([]);
    });

    it('maps 404 to NOT_FOUND and 409/422 to REJECTED', async () => {
      dfo.route('GET /dfo/3.0/contacts/1', { status: 404 });
      expect((await failure(h.client.getContact(brand, '1'))).kind).toBe('NOT_FOUND');
      dfo.route('PUT /dfo/3.0/contacts/1/status', { status: 409, body: 'conflict' });
      const err = await failure(h.client.setContactStatus(brand, '1', 'closed'));
      expect(err.kind).toBe('REJECTED');
      expect(err.extra.dfoErrors).toBeUndefined();
    });

    it('fails RETRYABLE on a timeout, after retrying it', async () => {
      await h.close();
      h = buildDfoClient({ timeoutMs: 150, maxRetries: 1 });
      dfo.route(CHANNELS, { hang: true });
      const err = await failure(h.client.listChannels(brand));
      expect(err.kind).toBe('RETRYABLE');
      expect(err.message).toContain('no answer within 150 ms');
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(2);
      expect(h.sleeper.delays).toHaveLength(1);
    });

    it('does not repeat a create-message whose outcome is unknown (timeout, 500), only one DFO refused (429, 503)', async () => {
      const POST = 'POST /dfo/3.0/channels/chat_abc/messages';
      const message = {
        idOnExternalPlatform: 'm-1', direction: 'inbound' as const, createdAtWithMilliseconds: '2026-01-01T00:00:00.000Z',
        thread: { idOnExternalPlatform: 't-1' }, messageContent: { type: 'TEXT' as const, payload: { text: 'hi' } }, authorEndUserIdentity: { idOnExternalPlatform: 'u-1' },
      };
      dfo.script(POST, { status: 500 });
      expect((await failure(h.client.createMessage(brand, 'chat_abc', message))).kind).toBe('RETRYABLE');
      expect(dfo.requestsTo(POST)).toHaveLength(1);

      dfo.script(POST, { status: 429, headers: { 'retry-after': '0' } }, { status: 503 });
      dfo.route(POST, { body: { consumerContact: { id: '1', status: 'new' } } });
      await h.client.createMessage(brand, 'chat_abc', message);
      expect(dfo.requestsTo(POST)).toHaveLength(4);

      await h.close();
      h = buildDfoClient({ timeoutMs: 150, maxRetries: 3 });
      dfo.route(POST, { hang: true });
      expect((await failure(h.client.createMessage(brand, 'chat_abc', message))).kind).toBe('RETRYABLE');
      expect(dfo.requestsTo(POST)).toHaveLength(5);
    });

    it('fails RETRYABLE when DFO cannot be reached', async () => {
      await dfo.stop();
      const err = await failure(h.client.listChannels(brand));
      expect(err.kind).toBe('RETRYABLE');
      expect(h.sleeper.delays).toHaveLength(3);
    });

    it('fails REJECTED with "egress refused", at once and without sending anything, where the egress policy refuses DFO', async () => {
      await h.close();
      h = buildDfoClient({}, { egress: [] });
      const err = await failure(h.client.listChannels(brand));
      expect(err.kind).toBe('REJECTED');
      expect(err.message).toBe('DFO token: egress refused');
      expect(dfo.tokenRequests).toHaveLength(0);
      expect(h.sleeper.delays).toHaveLength(0);
    });

    it('returns REJECTED for a 2xx body that is not JSON where JSON is expected', async () => {
      dfo.route(CHANNELS, { body: 'not json' });
      const err = await failure(h.client.listChannels(brand));
      expect(err.kind).toBe('REJECTED');
      expect(err.message).toContain('not JSON');
      expect(dfo.requestsTo(CHANNELS)).toHaveLength(1);
    });
  });
});
