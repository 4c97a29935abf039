import { Channel } from './support/admin-api';
import { startTestApp, TestApp } from './support/test-app';
import { deleteBrands } from './support/brand-cleanup';
import { createdBrandIds, createWebchatChannel, dataSource, sendMessage, startSession, webchatCall } from './support/webchat';

describe('web chat API (docs/architecture.md §6.4)', () => {
  let t: TestApp;
  let channel: Channel;
  beforeAll(async () => {
    t = await startTestApp({ WEBCHAT_MAX_TEXT_LENGTH: '50', WEBCHAT_MESSAGES_PER_MINUTE: '5', WEBCHAT_SESSIONS_PER_MINUTE: '1000' });
    channel = await createWebchatChannel(t);
  });
  afterAll(async () => {
    await t.close();
    await deleteBrands(createdBrandIds);
  });

  const rows = (sql: string, params: unknown[]) => dataSource(t).query(sql, params);

  describe('sessions', () => {
    it('starts a session (201) and resumes it on the same conversation (200)', async () => {
      const started = await webchatCall(t, 'POST', channel, '/sessions', { payload: { endUser: { firstName: 'Simba', lastName: 'Lion' } } });
      expect(started.statusCode).toBe(201);
      const s = started.json();
      expect(s).toEqual({ sessionToken: expect.any(String), threadId: expect.any(String), endUserId: expect.any(String), widget: expect.objectContaining({ maxTextLength: 50 }) });
      const resumed = await webchatCall(t, 'POST', channel, '/sessions', { token: s.sessionToken, payload: {} });
      expect(resumed.statusCode).toBe(200);
      expect(resumed.json()).toMatchObject({ threadId: s.threadId, endUserId: s.endUserId });
    });

    it('refuses a token of another channel, a forged one, and calls without one', async () => {
      const other = await createWebchatChannel(t);
      const s = await startSession(t, other);
      for (const token of [s.sessionToken, `${s.sessionToken}x`]) {
        const res = await webchatCall(t, 'POST', channel, '/messages', { token, payload: { text: 'hi' } });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ code: 'WEBCHAT.SESSION_INVALID' });
      }
      expect((await webchatCall(t, 'POST', channel, '/sessions', { token: s.sessionToken, payload: {} })).statusCode).toBe(401);
      const none = await webchatCall(t, 'GET', channel, '/history');
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ code: 'WEBCHAT.SESSION_REQUIRED' });
    });

    it('answers 404 for a channel that is not a live web chat channel', async () => {
      const res = await webchatCall(t, 'POST', { dfoChannelId: 'no-such-channel' }, '/sessions', { payload: {} });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'WEBCHAT.CHANNEL_NOT_FOUND' });
    });
  });

  describe('messages', () => {
    it('stores the message with the visitor and the conversation, once, however often it is retried', async () => {
      const s = await startSession(t, channel, { firstName: 'Nala' });
      const id = await sendMessage(t, channel, s.sessionToken, 'Hello from the savanna', 'c-1');
      expect(id).toBe(`${s.endUserId}:c-1`);
      expect(await sendMessage(t, channel, s.sessionToken, 'Hello from the savanna', 'c-1')).toBe(id);
      const stored = await rows(
        `SELECT m.direction, m.content, t.id_on_external_platform AS conversation, u.id_on_external_platform AS visitor, u.first_name
           FROM messages m JOIN threads t ON t.id = m.thread_id JOIN end_users u ON u.id = t.end_user_id
          WHERE m.channel_id = $1 AND m.id_on_external_platform = $2`,
        [channel.id, id],
      );
      expect(stored).toEqual([{ direction: 'inbound', content: expect.objectContaining({ payload: { text: 'Hello from the savanna' } }), conversation: s.threadId, visitor: s.endUserId, first_name: 'Nala' }]);
      const deliveries = await rows(`SELECT count(*)::int AS n FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.id_on_external_platform = $1 AND d.kind = 'dfo.create_message'`, [id]);
      expect(deliveries).toEqual([{ n: 1 }]);
    });

    it('names the failing field and stores nothing for a bad body', async () => {
      const s = await startSession(t, channel);
      const cases: Array<[unknown, string]> = [
        [{ text: 'hi', extra: true }, 'extra'],
        [{ text: 'x'.repeat(51) }, 'text'],
        [{ text: '   ' }, 'text'],
        [{ text: 'hi', attachments: [{ url: 'javascript:alert(1)', name: 'x' }] }, 'attachments[0].url'],
        [{ text: 'hi', clientMessageId: 'has spaces' }, 'clientMessageId'],
      ];
      for (const [payload, field] of cases) {
        const res = await webchatCall(t, 'POST', channel, '/messages', { token: s.sessionToken, payload });
        expect({ status: res.statusCode, field: res.json().field }).toEqual({ status: 400, field });
      }
      const typing = await webchatCall(t, 'POST', channel, '/typing', { token: s.sessionToken, payload: { on: 'yes' } });
      expect(typing.statusCode).toBe(400);
      expect(await rows('SELECT count(*)::int AS n FROM threads WHERE channel_id = $1 AND id_on_external_platform = $2', [channel.id, s.threadId])).toEqual([{ n: 0 }]);
    });

    it('limits each session to WEBCHAT_MESSAGES_PER_MINUTE, with Retry-After, without touching other sessions', async () => {
      const s = await startSession(t, channel);
      for (let i = 0; i < 5; i++) await sendMessage(t, channel, s.sessionToken, `m${i}`, `rl-${i}`);
      const limited = await webchatCall(t, 'POST', channel, '/messages', { token: s.sessionToken, payload: { text: 'one too many', clientMessageId: 'rl-5' } });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ statusCode: 429, code: 'WEBCHAT.RATE_LIMITED', correlationId: expect.any(String) });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(await rows('SELECT count(*)::int AS n FROM messages WHERE channel_id = $1 AND id_on_external_platform = $2', [channel.id, `${s.endUserId}:rl-5`])).toEqual([{ n: 0 }]);
      const other = await startSession(t, channel);
      await sendMessage(t, channel, other.sessionToken, 'I am fine', 'ok-1');
    });
  });

  describe('typing, heartbeat and leave', () => {
    it('are quiet no-ops before the first message, and reach the pipeline after it', async () => {
      const s = await startSession(t, channel);
      for (const [path, payload] of [['/typing', { on: true }], ['/heartbeat', undefined], ['/leave', undefined]] as const) {
        expect((await webchatCall(t, 'POST', channel, path, { token: s.sessionToken, payload })).statusCode).toBe(204);
      }
      expect(await rows('SELECT count(*)::int AS n FROM threads WHERE channel_id = $1 AND id_on_external_platform = $2', [channel.id, s.threadId])).toEqual([{ n: 0 }]);
      await sendMessage(t, channel, s.sessionToken, 'now there is a thread');
      expect((await webchatCall(t, 'POST', channel, '/typing', { token: s.sessionToken, payload: { on: true } })).statusCode).toBe(204);
      const typing = await rows(
        `SELECT count(*)::int AS n FROM deliveries d JOIN threads t ON t.id::text = d.payload->>'threadId'
          WHERE t.id_on_external_platform = $1 AND d.kind = 'dfo.sender_action' AND d.payload->>'on' = 'true'`,
        [s.threadId],
      );
      expect(typing).toEqual([{ n: 1 }]);
      // The visitor's own message stopped the idle clock (agent_message mode); leaving starts it.
      const deadline = () => rows('SELECT idle_deadline_at FROM threads WHERE channel_id = $1 AND id_on_external_platform = $2', [channel.id, s.threadId]);
      expect(await deadline()).toEqual([{ idle_deadline_at: null }]);
      expect((await webchatCall(t, 'POST', channel, '/leave', { token: s.sessionToken })).statusCode).toBe(204);
      expect(await deadline()).toEqual([{ idle_deadline_at: expect.any(Date) }]);
    });

    it('takes the leave token from a text/plain body, as navigator.sendBeacon sends it', async () => {
      const s = await startSession(t, channel);
      const res = await webchatCall(t, 'POST', channel, '/leave', { payload: JSON.stringify({ token: s.sessionToken }), headers: { 'content-type': 'text/plain;charset=UTF-8' } });
      expect(res.statusCode).toBe(204);
      const bad = await webchatCall(t, 'POST', channel, '/leave', { payload: 'not json', headers: { 'content-type': 'text/plain' } });
      expect(bad.statusCode).toBe(401);
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin and from our own', async () => {
      for (const origin of ['https://shop.example', 'http://bridge.test']) {
        const res = await webchatCall(t, 'OPTIONS', channel, '/messages', { origin, headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
        expect(res.statusCode).toBe(204);
        expect(res.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-allow-headers': expect.stringContaining('Authorization'), vary: expect.stringContaining('Origin') });
      }
    });

    it('gives a foreign origin no CORS headers and refuses its calls, storing nothing', async () => {
      const pre = await webchatCall(t, 'OPTIONS', channel, '/messages', { origin: 'https://evil.example', headers: { 'access-control-request-method': 'POST' } });
      expect(pre.statusCode).toBe(403);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const s = await startSession(t, channel);
      const res = await webchatCall(t, 'POST', channel, '/messages', { token: s.sessionToken, origin: 'https://evil.example', payload: { text: 'hi', clientMessageId: 'evil' } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'WEBCHAT.ORIGIN_FORBIDDEN' });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(await rows('SELECT count(*)::int AS n FROM messages WHERE channel_id = $1 AND id_on_external_platform = $2', [channel.id, `${s.endUserId}:evil`])).toEqual([{ n: 0 }]);
    });

    it('lets an allowed site read even an error answer', async () => {
      const res = await webchatCall(t, 'GET', channel, '/history', { origin: 'https://shop.example' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
    });
  });

  describe('history', () => {
    it('lists the conversation with delivery states and where the event stream should start', async () => {
      const s = await startSession(t, channel);
      const empty = (await webchatCall(t, 'GET', channel, '/history', { token: s.sessionToken })).json();
      expect(empty).toMatchObject({ threadId: s.threadId, status: 'new', lastEventId: '0', messages: [] });
      await sendMessage(t, channel, s.sessionToken, 'first', 'h-1');
      await sendMessage(t, channel, s.sessionToken, 'second', 'h-2');
      const h = (await webchatCall(t, 'GET', channel, '/history', { token: s.sessionToken })).json();
      expect(h).toMatchObject({ threadId: s.threadId, status: 'open', closedReason: null, canStartNew: false });
      expect(h.messages.map((m: { clientMessageId: string; text: string; direction: string; deliveryStatus: string }) => [m.clientMessageId, m.text, m.direction, m.deliveryStatus])).toEqual([
        ['h-1', 'first', 'inbound', expect.stringMatching(/^(sent|delivered|failed)$/)],
        ['h-2', 'second', 'inbound', expect.stringMatching(/^(sent|delivered|failed)$/)],
      ]);
    });
  });

  it('is described in the OpenAPI document, with its own session scheme', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(doc.components.securitySchemes['webchat-session']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/webchat/{channelId}/messages'].post.security).toEqual([{ 'webchat-session': [] }]);
    expect(doc.paths['/webchat/{channelId}/sessions'].post.security).toBeUndefined();
    expect(doc.paths['/webchat/{channelId}/events'].get).toBeDefined();
  });

  describe('widget and demo page', () => {
    it('serves the widget as one script with an ETag', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/webchat/widget.js' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/javascript');
      expect(res.headers['cache-control']).toContain('max-age');
      expect(res.body).toContain('data-channel');
      const again = await t.app.inject({ method: 'GET', url: '/webchat/widget.js', headers: { 'if-none-match': String(res.headers.etag) } });
      expect(again.statusCode).toBe(304);
    });

    it('serves the demo page of a web chat channel with the script tag, and 404 otherwise', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/webchat/demo/${channel.dfoChannelId}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<script src="/webchat/widget.js" data-channel="${channel.dfoChannelId}" data-first-name="Simba" data-last-name="Lion" async></script>`);
      expect((await t.app.inject({ method: 'GET', url: '/webchat/demo/nope' })).statusCode).toBe(404);
    });
  });
});
