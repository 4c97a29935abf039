import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, createApiKey, createBrand, createChannel, createIntegration } from './support/admin-api';
import { FakePlatform } from './support/fake-platform';
import { deleteBrands } from './support/brand-cleanup';
import { insertDelivery, insertEndUser, insertEvent, insertMessage, insertThread } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * The support REST API (docs/architecture.md §6.5, support part) over rows a real conversation would leave behind: filters
 * and cursor pagination, the thread's detail with live timers, messages with their delivery attempts, the timeline,
 * dead deliveries and their retry, the admin close, and brand scoping (a foreign thread is a 404).
 */
describe('support API', () => {
  let t: TestApp;
  let ds: DataSource;
  let platform: FakePlatform;
  const secret = randomBytes(24).toString('hex');
  const brands: { brandId: string; channelId: string }[] = [];
  let supportA: string;
  let supportB: string;
  let adminB: string;

  async function makeBrand(): Promise<{ brandId: string; channelId: string }> {
    const brand = await createBrand(t);
    const integration = await createIntegration(t, brand.id);
    const channel = await createChannel(t, integration.id, {
      adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] },
      dfoChannelId: `chat_${randomUUID()}`,
      settings: { closedText: 'Thanks, bye!' },
    });
    const made = { brandId: brand.id, channelId: channel.id };
    brands.push(made);
    return made;
  }

  const get = (url: string, key?: string) => t.app.inject({ method: 'GET', url, headers: bearer(key) });
  const post = (url: string, key?: string) => t.app.inject({ method: 'POST', url, headers: bearer(key) });

  beforeAll(async () => {
    platform = await FakePlatform.start({ secrets: secret });
    t = await startTestApp();
    ds = t.app.get(DataSource);
    const a = await makeBrand();
    const b = await makeBrand();
    supportA = (await createApiKey(t, { role: 'support', brandIds: [a.brandId] })).key;
    supportB = (await createApiKey(t, { role: 'support', brandIds: [b.brandId] })).key;
    adminB = (await createApiKey(t, { role: 'admin', brandIds: [b.brandId] })).key;
  });

  afterAll(async () => {
    await t.close();
    await deleteBrands(brands.map((b) => b.brandId));
    await platform.close();
  });

  it('finds threads by every filter, scoped to the key', async () => {
    const { brandId, channelId } = brands[0]!;
    const endUser = await insertEndUser(ds, brandId, channelId);
    const thread = await insertThread(ds, { brandId, channelId, endUserId: endUser.id, dfoContactId: '1749798712389111', dfoCaseStatus: 'open' });
    const closed = await insertThread(ds, { brandId, channelId, status: 'closed', closedReason: 'agent' });
    const ids = async (query: string, key?: string) => {
      const res = await get(`/api/v1/threads?${query}`, key);
      expect(res.statusCode).toBe(200);
      return (res.json().data as { id: string }[]).map((r) => r.id);
    };

    expect(await ids(`brandId=${brandId}`)).toEqual([closed.id, thread.id]);
    expect(await ids(`channelId=${channelId}&status=open`)).toEqual([thread.id]);
    expect(await ids(`brandId=${brandId}&closedReason=agent`)).toEqual([closed.id]);
    expect(await ids(`endUser=${endUser.externalId}`)).toEqual([thread.id]);
    expect(await ids(`endUser=${endUser.id}`)).toEqual([thread.id]);
    expect(await ids(`externalThreadId=${thread.externalId}`)).toEqual([thread.id]);
    expect(await ids(`brandId=${brandId}&dfoContactId=1749798712389111`)).toEqual([thread.id]);
    expect(await ids(`brandId=${brandId}&updatedSince=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
    expect(await ids(`channelId=${channelId}`, supportA)).toEqual([closed.id, thread.id]);
    expect(await ids(`channelId=${channelId}`, supportB)).toEqual([]);
    expect(await ids(`brandId=${brandId}`, supportB)).toEqual([]);
  });

  it('pages with an opaque cursor, newest change first, without gaps or repeats', async () => {
    const { brandId, channelId } = await makeBrand();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await insertThread(ds, { brandId, channelId })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/v1/threads?brandId=${brandId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...body.data.map((r) => r.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
  });

  it('does not count a case-status check as a change (updatedSince, page order), but does count a new status', async () => {
    const { brandId, channelId } = brands[0]!;
    const thread = await insertThread(ds, { brandId, channelId, dfoContactId: '1749798712389444' });
    const updatedAt = async () => (await ds.query('SELECT updated_at FROM threads WHERE id = $1', [thread.id]))[0].updated_at as Date;
    const before = await updatedAt();
    await ds.query('UPDATE threads SET dfo_case_checked_at = now() WHERE id = $1', [thread.id]);
    expect(await updatedAt()).toEqual(before);
    await ds.query(`UPDATE threads SET dfo_case_status = 'pending', dfo_case_checked_at = now() WHERE id = $1`, [thread.id]);
    expect((await updatedAt()).getTime()).toBeGreaterThan(before.getTime());
  });

  it('shows a thread with its end user, recipients, live timers and DFO case', async () => {
    const { brandId, channelId } = brands[0]!;
    const endUser = await insertEndUser(ds, brandId, channelId, { firstName: 'Simba', nickname: '@simba' });
    const thread = await insertThread(ds, {
      brandId,
      channelId,
      endUserId: endUser.id,
      dfoContactId: '1749798712389222',
      dfoCaseStatus: 'pending',
      idleDeadlineAt: new Date(Date.now() + 100_000),
    });
    await ds.query(`INSERT INTO thread_recipients (thread_id, brand_id, id_on_external_platform, name, is_primary) VALUES ($1, $2, 'jungle-support', 'The Jungle', true)`, [thread.id, brandId]);

    const res = await get(`/api/v1/threads/${thread.id}`, supportA);

    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: thread.id,
      brandId,
      channelId,
      externalThreadId: thread.externalId,
      status: 'open',
      closedReason: null,
      dfoContactId: '1749798712389222',
      dfoCaseStatus: 'pending',
      channel: { id: channelId, adapter: 'webhook' },
      endUser: { id: endUser.id, idOnExternalPlatform: endUser.externalId, firstName: 'Simba', nickname: '@simba' },
      recipients: [{ idOnExternalPlatform: 'jungle-support', name: 'The Jungle', isPrimary: true, isPrivate: false }],
      case: { contactId: '1749798712389222', status: 'pending' },
      timers: { secondsUntilClose: null, closeDeadlineAt: null },
    });
    expect(body.timers.secondsUntilIdleWarning).toBeGreaterThan(90);
    expect(body.timers.secondsUntilIdleWarning).toBeLessThanOrEqual(100);
  });

  it("lists a thread's messages with direction, status and delivery attempts, and its timeline in order", async () => {
    const { brandId, channelId } = brands[0]!;
    const thread = await insertThread(ds, { brandId, channelId });
    const ref = { id: thread.id, brandId, channelId };
    const inbound = await insertMessage(ds, ref, { direction: 'inbound', text: 'Hello', status: 'failed' });
    const outbound = await insertMessage(ds, ref, { direction: 'outbound', text: 'Hi, Nala here', status: 'delivered' });
    const dead = await insertDelivery(ds, { brandId, channelId, threadId: thread.id, messageId: inbound, kind: 'dfo.create_message', status: 'dead', attempts: 10, lastError: 'DFO.REJECTED: bad' });
    await insertEvent(ds, ref, 'message.inbound', { messageId: inbound });
    await insertEvent(ds, ref, 'delivery.dead', { deliveryId: dead });
    await insertEvent(ds, ref, 'message.outbound', { messageId: outbound });

    const messages = await get(`/api/v1/threads/${thread.id}/messages`, supportA);
    expect(messages.statusCode).toBe(200);
    expect(messages.json()).toMatchObject({
      nextCursor: null,
      data: [
        { id: inbound, direction: 'inbound', status: 'failed', authorKind: 'end_user', content: { type: 'TEXT', payload: { text: 'Hello' } },
          deliveries: [{ id: dead, kind: 'dfo.create_message', status: 'dead', attempts: 10, lastError: 'DFO.REJECTED: bad' }] },
        { id: outbound, direction: 'outbound', status: 'delivered', authorKind: 'agent', agent: { name: 'Nala' }, deliveries: [] },
      ],
    });

    const events = await get(`/api/v1/threads/${thread.id}/events?limit=2`, supportA);
    expect(events.statusCode).toBe(200);
    const first = events.json();
    expect(first.data.map((e: { type: string }) => e.type)).toEqual(['message.inbound', 'delivery.dead']);
    const rest = await get(`/api/v1/threads/${thread.id}/events?limit=2&cursor=${first.nextCursor}`, supportA);
    expect(rest.json()).toMatchObject({ data: [{ type: 'message.outbound', data: { messageId: outbound } }], nextCursor: null });
  });

  it('lists dead deliveries and retries one: it goes back in line and reaches the platform', async () => {
    const { brandId, channelId } = brands[0]!;
    const thread = await insertThread(ds, { brandId, channelId });
    const payload = { type: 'conversation.resumed', threadId: thread.externalId };
    const id = await insertDelivery(ds, { brandId, channelId, threadId: thread.id, kind: 'platform.event', payload, status: 'dead', attempts: 10, lastError: 'ADAPTER.RETRYABLE: 503' });

    const list = await get(`/api/v1/deliveries?status=dead&brandId=${brandId}`, supportA);
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toContainEqual(expect.objectContaining({ id, kind: 'platform.event', status: 'dead', attempts: 10, threadId: thread.id }));
    expect((await get(`/api/v1/deliveries?status=dead`, supportB)).json().data.map((d: { id: string }) => d.id)).not.toContain(id);

    expect((await post(`/api/v1/deliveries/${id}/retry`, supportA)).statusCode).toBe(403);
    expect((await post(`/api/v1/deliveries/${id}/retry`, adminB)).statusCode).toBe(404);
    const retried = await post(`/api/v1/deliveries/${id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id, status: 'pending', attempts: 0 });

    await platform.waitFor((r) => r.body.type === 'conversation.resumed' && r.body.threadId === thread.externalId);
    const again = await post(`/api/v1/deliveries/${id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('DELIVERY.NOT_DEAD');
  });

  it('lets an admin close a thread: the platform is told, the DFO close is queued, a second close is a 409', async () => {
    const { brandId, channelId } = brands[0]!;
    const thread = await insertThread(ds, { brandId, channelId, dfoContactId: '1749798712389333', idleDeadlineAt: new Date(Date.now() + 60_000) });

    expect((await post(`/api/v1/threads/${thread.id}/close`, supportA)).statusCode).toBe(403);
    expect((await post(`/api/v1/threads/${thread.id}/close`, adminB)).statusCode).toBe(404);
    const closed = await post(`/api/v1/threads/${thread.id}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ id: thread.id, status: 'closed', closedReason: 'admin', timers: { secondsUntilIdleWarning: null } });

    const told = await platform.waitFor((r) => r.body.type === 'conversation.closed' && r.body.threadId === thread.externalId);
    expect(told.body).toEqual({ type: 'conversation.closed', threadId: thread.externalId, reason: 'admin', text: 'Thanks, bye!' });
    expect(told.signatureValid).toBe(true);
    const kinds = await ds.query('SELECT kind, payload FROM deliveries WHERE thread_id = $1 ORDER BY id', [thread.id]);
    expect(kinds).toEqual([
      { kind: 'platform.event', payload: { type: 'conversation.closed', threadId: thread.externalId, reason: 'admin', text: 'Thanks, bye!' } },
      { kind: 'dfo.case_status', payload: { status: 'closed' } },
    ]);
    const events = (await get(`/api/v1/threads/${thread.id}/events`)).json();
    expect(events.data).toEqual([expect.objectContaining({ type: 'closed', data: expect.objectContaining({ reason: 'admin' }) })]);

    const twice = await post(`/api/v1/threads/${thread.id}/close`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'THREAD.ALREADY_CLOSED' });
  });

  it('shows a close the platform refused as a dead delivery in the timeline, and delivers it on retry', async () => {
    const { brandId, channelId } = brands[0]!;
    const thread = await insertThread(ds, { brandId, channelId });
    platform.respond({ status: 410, body: { error: 'gone for now' } }, 1);

    expect((await post(`/api/v1/threads/${thread.id}/close`)).statusCode).toBe(200);
    const dead = await waitFor(async () => {
      const list = (await get(`/api/v1/deliveries?status=dead&threadId=${thread.id}`, supportA)).json();
      return list.data.find((d: { kind: string }) => d.kind === 'platform.event') as { id: string; lastError: string } | undefined;
    }, 'the refused close to die');
    expect(dead.lastError).toEqual(expect.any(String));
    const timeline = (await get(`/api/v1/threads/${thread.id}/events`, supportA)).json();
    expect(timeline.data.map((e: { type: string }) => e.type)).toEqual(['closed', 'delivery.dead']);
    expect(timeline.data[1].data).toMatchObject({ deliveryId: dead.id, kind: 'platform.event' });

    expect((await post(`/api/v1/deliveries/${dead.id}/retry`)).statusCode).toBe(200);
    // The refused attempt, then the retried one.
    const closes = () => platform.ofType('conversation.closed').filter((r) => r.body.threadId === thread.externalId);
    await waitFor(() => closes().length === 2, 'the retried close at the platform');
    expect(closes()[1]!.body).toMatchObject({ reason: 'admin', text: 'Thanks, bye!' });
  });

  it("denies a brand-scoped key another brand's thread with a 404, exactly like a missing one", async () => {
    const { brandId, channelId } = brands[0]!;
    const thread = await insertThread(ds, { brandId, channelId });
    for (const path of ['', '/messages', '/events']) {
      const foreign = await get(`/api/v1/threads/${thread.id}${path}`, supportB);
      const missing = await get(`/api/v1/threads/${randomUUID()}${path}`, supportB);
      expect([foreign.statusCode, missing.statusCode]).toEqual([404, 404]);
      expect(foreign.json().code).toBe('THREAD.NOT_FOUND');
      expect(missing.json().code).toBe('THREAD.NOT_FOUND');
    }
    expect((await get(`/api/v1/threads/${thread.id}`, supportA)).statusCode).toBe(200);
    expect((await get(`/api/v1/threads/not-a-uuid`, supportA)).statusCode).toBe(404);
    expect((await get('/api/v1/threads')).statusCode).not.toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/threads' })).statusCode).toBe(401);
  });

  it('answers bad query parameters with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/threads?limit=0', 'limit'],
      ['/api/v1/threads?limit=abc', 'limit'],
      ['/api/v1/threads?status=sleeping', 'status'],
      ['/api/v1/threads?brandId=nope', 'brandId'],
      ['/api/v1/threads?updatedSince=yesterday', 'updatedSince'],
      ['/api/v1/threads?cursor=garbage', 'cursor'],
      ['/api/v1/threads?color=red', 'color'],
      ['/api/v1/deliveries?status=lost', 'status'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      expect({ url, status: res.statusCode, field: res.json().field }).toEqual({ url, status: 400, field });
    }
  });

  it('documents every support endpoint in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
    for (const path of ['/api/v1/threads', '/api/v1/threads/{id}', '/api/v1/threads/{id}/messages', '/api/v1/threads/{id}/events', '/api/v1/threads/{id}/close', '/api/v1/deliveries', '/api/v1/deliveries/{id}/retry']) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ThreadDetailResponse', 'ThreadTimersResponse', 'MessageResponse', 'DeliveryResponse']));
  });
});
