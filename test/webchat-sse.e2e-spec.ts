import { TokenSigner } from '../src/core/crypto/token-signer';
import { OutboundMessage } from '../src/platform-adapters/platform-adapter';
import { STREAM_TICKET_AUDIENCE } from '../src/webchat/sse/stream-tickets';
import { WebchatStreamHub } from '../src/webchat/sse/webchat-stream-hub';
import { WebchatEventPruner } from '../src/webchat/webchat-event-pruner';
import { Channel } from './support/admin-api';
import { SseClient } from './support/sse-client';
import { startTestApp, TestApp } from './support/test-app';
import { deleteBrands } from './support/brand-cleanup';
import { createdBrandIds, createWebchatChannel, dataSource, sendMessage, startSession, StartedSession, streamTicket, webchatAdapter, webchatCall } from './support/webchat';

describe('web chat Server-Sent Events', () => {
  let a: TestApp;
  let b: TestApp;
  let channel: Channel;
  const open: SseClient[] = [];

  beforeAll(async () => {
    a = await startTestApp({ WEBCHAT_SSE_HEARTBEAT_MS: '200' }, { listen: true });
    b = await startTestApp({}, { listen: true });
    channel = await createWebchatChannel(a);
  });
  afterEach(() => open.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await a.close();
    await b.close();
    await deleteBrands(createdBrandIds);
  });

  /** A stream as the widget opens it: a one-use ticket first, then `events?ticket=`. */
  async function stream(app: TestApp, s: StartedSession, query = '', headers: Record<string, string> = {}): Promise<SseClient> {
    const ticket = await streamTicket(app, channel, s.sessionToken);
    return openUrl(app, `?ticket=${encodeURIComponent(ticket)}${query}`, headers);
  }

  async function openUrl(app: TestApp, query: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = await SseClient.open(`${app.url}/webchat/${channel.dfoChannelId}/events${query}`, headers);
    open.push(client);
    return client;
  }

  /** A session whose conversation exists (the first message records it), as it does before any agent writes. */
  async function conversation(): Promise<StartedSession> {
    const s = await startSession(a, channel, { firstName: 'Pumbaa' });
    await sendMessage(a, channel, s.sessionToken, 'Hakuna matata');
    return s;
  }

  function agentMessage(s: StartedSession, text: string): OutboundMessage {
    return { id: `agent-${text}`, threadId: s.threadId, recipient: { id: s.endUserId }, text, attachments: [], agent: { name: 'Rafiki' }, authorKind: 'agent' };
  }

  it('streams what the agent side sends, each event with an id, type and JSON data', async () => {
    const s = await conversation();
    const client = await stream(a, s);
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const { adapter, target } = webchatAdapter(a, channel);
    await adapter.sendTyping(target, s.threadId, true);
    await adapter.sendMessage(target, agentMessage(s, 'Welcome'));
    await adapter.sendLifecycle(target, { type: 'conversation.idle_warning', threadId: s.threadId, text: 'Still there?', closesAt: new Date('2030-01-01T00:00:20.000Z') });
    await adapter.sendLifecycle(target, { type: 'conversation.resumed', threadId: s.threadId });
    await adapter.sendLifecycle(target, { type: 'conversation.closed', threadId: s.threadId, reason: 'agent', text: 'Goodbye' });
    await client.until(() => client.events.length === 5, 'five events');
    expect(client.events.map((e) => [e.event, JSON.parse(e.data)])).toEqual([
      ['typing', { on: true }],
      ['message', expect.objectContaining({ id: 'agent-Welcome', text: 'Welcome', agentName: 'Rafiki', authorKind: 'agent' })],
      ['idle_warning', { text: 'Still there?', closesAt: '2030-01-01T00:00:20.000Z' }],
      ['resumed', {}],
      ['closed', { reason: 'agent', text: 'Goodbye', canStartNew: false }],
    ]);
    const ids = client.events.map((e) => BigInt(e.id!));
    expect([...ids].sort((x, y) => (x < y ? -1 : 1))).toEqual(ids);
    await client.until(() => client.comments.includes('ping'), 'a heartbeat comment');
  });

  it('replays exactly what was missed after Last-Event-ID, then goes on live', async () => {
    const s = await conversation();
    const { adapter, target } = webchatAdapter(a, channel);
    const first = await stream(a, s);
    await adapter.sendMessage(target, agentMessage(s, 'one'));
    const seen = await first.waitForEvent((e) => e.event === 'message', 'the first message');
    first.close();
    await adapter.sendMessage(target, agentMessage(s, 'two'));
    await adapter.sendMessage(target, agentMessage(s, 'three'));
    const again = await stream(a, s, '', { 'last-event-id': seen.id! });
    await adapter.sendMessage(target, agentMessage(s, 'four'));
    await again.until(() => again.events.length === 3, 'two replayed and one live');
    expect(again.events.map((e) => JSON.parse(e.data).text)).toEqual(['two', 'three', 'four']);
  });

  it('starts after the history when given ?lastEventId=, and refuses a malformed one', async () => {
    const s = await conversation();
    const { adapter, target } = webchatAdapter(a, channel);
    await adapter.sendMessage(target, agentMessage(s, 'old'));
    const history = (await webchatCall(a, 'GET', channel, '/history', { token: s.sessionToken })).json();
    expect(BigInt(history.lastEventId)).toBeGreaterThan(0n);
    const client = await stream(a, s, `&lastEventId=${history.lastEventId}`);
    await adapter.sendMessage(target, agentMessage(s, 'new'));
    await client.waitForEvent((e) => e.event === 'message', 'the new message');
    expect(client.events.map((e) => JSON.parse(e.data).text)).toEqual(['new']);
    const bad = await stream(a, s, '&lastEventId=abc');
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.body())).toMatchObject({ field: 'lastEventId' });
  });

  it('needs a session of this channel, and follows the origin allowlist', async () => {
    const s = await conversation();
    const forged = await openUrl(a, '', { authorization: `Bearer ${s.sessionToken}x` });
    expect(forged.status).toBe(401);
    const other = await createWebchatChannel(a);
    const foreignSession = await startSession(a, other);
    const wrongChannel = await openUrl(a, `?ticket=${await streamTicket(a, other, foreignSession.sessionToken)}`);
    expect(wrongChannel.status).toBe(401);
    expect((await stream(a, s, '', { origin: 'https://evil.example' })).status).toBe(403);
    const allowed = await stream(a, s, '', { origin: 'https://shop.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
  });

  it('keeps the session token out of the URL: a one-use, short-lived ticket opens the stream, or the Authorization header does', async () => {
    const s = await conversation();
    const hub = a.app.get(WebchatStreamHub);
    const before = hub.count();

    const inUrl = await openUrl(a, `?token=${encodeURIComponent(s.sessionToken)}`);
    expect(inUrl.status).toBe(401);
    expect(JSON.parse(await inUrl.body())).toMatchObject({ code: 'WEBCHAT.SESSION_REQUIRED', message: expect.stringContaining('stream-ticket') });
    // A session token is not a ticket either (another audience), nor is a ticket that expired.
    expect((await openUrl(a, `?ticket=${encodeURIComponent(s.sessionToken)}`)).status).toBe(401);
    const expired = a.app.get(TokenSigner).sign(STREAM_TICKET_AUDIENCE, s.endUserId, -1, { jti: 'expired-ticket', channelId: channel.id, threadId: s.threadId }).token;
    expect((await openUrl(a, `?ticket=${expired}`)).status).toBe(401);
    expect(hub.count()).toBe(before);

    const ticket = await streamTicket(a, channel, s.sessionToken);
    const first = await openUrl(a, `?ticket=${encodeURIComponent(ticket)}`);
    expect(first.status).toBe(200);
    // The same URL again (a log line, a proxy, the browser's own retry) is refused, on this instance and on another.
    for (const app of [a, b]) {
      const replay = await openUrl(app, `?ticket=${encodeURIComponent(ticket)}`);
      expect(replay.status).toBe(401);
      expect(JSON.parse(await replay.body()).message).toContain('used already');
    }
    expect(hub.count()).toBe(before + 1);

    const withHeader = await openUrl(a, '', { authorization: `Bearer ${s.sessionToken}` });
    expect(withHeader.status).toBe(200);
    const { adapter, target } = webchatAdapter(a, channel);
    await adapter.sendMessage(target, agentMessage(s, 'to both'));
    await first.waitForEvent((e) => e.event === 'message', 'the message on the ticket stream');
    await withHeader.waitForEvent((e) => e.event === 'message', 'the message on the header stream');
  });

  it('caps the open streams of one session (WEBCHAT_MAX_STREAMS_PER_SESSION), keeping the ones it has', async () => {
    const capped = await startTestApp({ WEBCHAT_MAX_STREAMS_PER_SESSION: '2' }, { listen: true });
    try {
      const s = await conversation();
      const streams = [await stream(capped, s), await stream(capped, s)];
      expect(streams.map((c) => c.status)).toEqual([200, 200]);
      const third = await stream(capped, s);
      expect(third.status).toBe(429);
      expect(JSON.parse(await third.body())).toMatchObject({ code: 'WEBCHAT.TOO_MANY_STREAMS' });
      expect(capped.app.get(WebchatStreamHub).count()).toBe(2);
      const { adapter, target } = webchatAdapter(capped, channel);
      await adapter.sendMessage(target, agentMessage(s, 'still here'));
      for (const c of streams) await c.waitForEvent((e) => e.event === 'message', 'the message on an open stream');
      // Another session has streams of its own.
      expect((await stream(capped, await conversation())).status).toBe(200);
    } finally {
      open.splice(0).forEach((c) => c.close());
      await capped.close();
    }
  });

  it('reaches a stream held by another instance through LISTEN/NOTIFY', async () => {
    const s = await conversation();
    const onA = await stream(a, s);
    await onA.until(() => onA.comments.length > 0 || onA.status === 200, 'the stream');
    const { adapter, target } = webchatAdapter(b, channel);
    await adapter.sendMessage(target, agentMessage(s, 'from instance B'));
    const got = await onA.waitForEvent((e) => e.event === 'message', 'the message sent on B');
    expect(JSON.parse(got.data).text).toBe('from instance B');
  });

  it('prunes events older than a session can live, and keeps the rest', async () => {
    const s = await conversation();
    const { adapter, target } = webchatAdapter(a, channel);
    for (const on of [true, false, true, false]) await adapter.sendTyping(target, s.threadId, on);
    const ds = dataSource(a);
    const ids: Array<{ id: string }> = await ds.query('SELECT id FROM webchat_events WHERE channel_id = $1 AND conversation_id = $2 ORDER BY id', [channel.id, s.threadId]);
    await ds.query(`UPDATE webchat_events SET created_at = now() - interval '8 days' WHERE id = ANY($1)`, [ids.slice(0, 3).map((r) => r.id)]);
    // At least our three (other suites sharing the database may have old events too): the count is of rows deleted.
    expect(await a.app.get(WebchatEventPruner).prune()).toBeGreaterThanOrEqual(3);
    const left: Array<{ id: string }> = await ds.query('SELECT id FROM webchat_events WHERE channel_id = $1 AND conversation_id = $2 ORDER BY id', [channel.id, s.threadId]);
    expect(left).toEqual([ids[3]]);
  });

  it('counts open streams and ends them all when the app shuts down', async () => {
    const c = await startTestApp({}, { listen: true });
    const s = await conversation();
    const client = await SseClient.open(`${c.url}/webchat/${channel.dfoChannelId}/events?ticket=${encodeURIComponent(await streamTicket(c, channel, s.sessionToken))}`);
    expect(client.status).toBe(200);
    const metrics = await c.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^webchat_sse_streams 1$/m);
    await c.close();
    await client.until(() => client.isEnded, 'the stream to end');
  });
});
