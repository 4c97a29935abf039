import { randomUUID } from 'node:crypto';
import { EmulatorClient } from './support/emulator';
import { EmulatorWithBox } from './support/emulator-box';

type DfoErrors = { errors: Array<{ field?: string; message: string; errorCode?: string }>; uid: string };

/** The emulated DFO API: strict validation in DFO's error format, cases, tokens, scoping. Runs the standalone app. */
describe('sandbox DFO emulator: the emulated API', () => {
  let world: EmulatorWithBox;
  let dfo: EmulatorClient;
  let token: string;

  beforeAll(async () => {
    world = await EmulatorWithBox.start();
    ({ dfo, token } = world);
  });
  afterAll(() => world.close());

  const newChannel = async (accessToken = token): Promise<string> => (await world.channel({ token: accessToken })).channelId;

  const message = (threadId: string, overrides: Record<string, unknown> = {}) => ({
    idOnExternalPlatform: `msg-${randomUUID()}`,
    thread: { idOnExternalPlatform: threadId, threadName: "Simba's chat" },
    direction: 'inbound',
    createdAtWithMilliseconds: '2025-07-25T20:05:57.123Z',
    messageContent: { type: 'TEXT', payload: { text: 'Hello, my order is late' } },
    authorEndUserIdentity: { idOnExternalPlatform: 'user-123', firstName: 'Simba', lastName: 'Lion' },
    ...overrides,
  });

  it('refuses a create-message without thread: 400 naming thread.idOnExternalPlatform, nothing stored', async () => {
    const channelId = await newChannel();
    const { thread: _thread, ...body } = message('unused');
    const res = await dfo.dfo<DfoErrors>('POST', `/channels/${channelId}/messages`, token, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ field: 'thread.idOnExternalPlatform', message: 'This value should not be blank.', errorCode: 'IS_BLANK', parameters: {} }],
      uid: expect.any(String),
    });
    expect(await dfo.cases({ channelId })).toEqual([]);
  });

  it('refuses a bad direction and a timestamp without milliseconds', async () => {
    const channelId = await newChannel();
    const threadId = `t-${randomUUID()}`;
    const bad = await dfo.dfo<DfoErrors>('POST', `/channels/${channelId}/messages`, token, message(threadId, { direction: 'incoming', createdAtWithMilliseconds: '2025-07-25T20:05:57Z' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['direction', 'createdAtWithMilliseconds']);
    expect(await dfo.findCaseByThread(threadId)).toBeUndefined();
  });

  it('answers a valid message with consumerContact.id, and the case is listed and readable', async () => {
    const channelId = await newChannel();
    const threadId = `t-${randomUUID()}`;
    const res = await dfo.dfo<{ consumerContact: { id: string; status: string; threadIdOnExternalPlatform: string }; message: { idOnExternalPlatform: string } }>(
      'POST', `/channels/${channelId}/messages`, token, message(threadId, { idOnExternalPlatform: 'wh-msg-0001' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.consumerContact).toMatchObject({ id: expect.stringMatching(/^\d{16}$/), status: 'new', threadIdOnExternalPlatform: threadId });
    expect(res.body.message.idOnExternalPlatform).toBe('wh-msg-0001');

    const listed = await dfo.findCaseByThread(threadId, channelId);
    expect(listed).toMatchObject({ id: res.body.consumerContact.id, status: 'new', endUserName: 'Simba Lion', lastMessage: { text: 'Hello, my order is late' } });
    const contact = await dfo.dfo<{ id: string; status: string }>('GET', `/contacts/${res.body.consumerContact.id}`, token);
    expect(contact.body).toMatchObject({ id: res.body.consumerContact.id, status: 'new' });
    expect(await dfo.customers({ channelId, idOnExternalPlatform: 'user-123' })).toEqual([expect.objectContaining({ firstName: 'Simba', lastName: 'Lion' })]);
    expect(await dfo.threads({ channelId, idOnExternalPlatform: threadId })).toEqual([expect.objectContaining({ threadName: "Simba's chat", currentCaseId: res.body.consumerContact.id })]);
    const filtered = await dfo.dfo<{ hits: number; data: Array<{ id: string }> }>('GET', `/contacts?status[]=new&channel[]=${channelId}&endUserIdOnExternalPlatform[]=user-123`, token);
    expect(filtered.body.data.map((c) => c.id)).toEqual([res.body.consumerContact.id]);
  });

  it('sets a case status with statusUpdatedAt, and a closed case makes the next message open a new one', async () => {
    const channelId = await newChannel();
    const threadId = `t-${randomUUID()}`;
    const first = await dfo.dfo<{ consumerContact: { id: string } }>('POST', `/channels/${channelId}/messages`, token, message(threadId));
    const id = first.body.consumerContact.id;
    expect((await dfo.dfo('PUT', `/contacts/${id}/status`, token, { status: 'closed' })).status).toBe(204);
    expect((await dfo.dfo('PUT', `/contacts/${id}/status`, token, { status: 'finished' })).status).toBe(400);
    const contact = await dfo.dfo<{ status: string; statusUpdatedAtWithMilliseconds: string }>('GET', `/contacts/${id}`, token);
    expect(contact.body.status).toBe('closed');
    expect(Date.parse(contact.body.statusUpdatedAtWithMilliseconds)).toBeGreaterThan(Date.now() - 60_000);
    const second = await dfo.dfo<{ consumerContact: { id: string; status: string } }>('POST', `/channels/${channelId}/messages`, token, message(threadId));
    expect(second.body.consumerContact.id).not.toBe(id);
    expect(second.body.consumerContact.status).toBe('new');
  });

  it('locks a thread (canAddMoreMessages) and records end-user typing', async () => {
    const channelId = await newChannel();
    const threadId = `t-${randomUUID()}`;
    await dfo.dfo('POST', `/channels/${channelId}/messages`, token, message(threadId));
    expect((await dfo.dfo('POST', `/channels/${channelId}/threads/${threadId}/sender-actions`, token, { action: 'isTypingOn' })).status).toBe(204);
    expect((await dfo.findCaseByThread(threadId))?.thread.customerTyping).toMatchObject({ on: true });
    expect((await dfo.dfo('PUT', `/channels/${channelId}/threads/${threadId}`, token, { canAddMoreMessages: false })).status).toBe(204);
    const refused = await dfo.dfo<DfoErrors>('POST', `/channels/${channelId}/messages`, token, message(threadId));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'thread.idOnExternalPlatform', errorCode: 'THREAD_LOCKED' });
    expect((await dfo.dfo('PUT', `/channels/${channelId}/threads/unknown-thread`, token, { canAddMoreMessages: false })).status).toBe(404);
  });

  it('requires a token, and refuses an expired one', async () => {
    const channelId = await newChannel();
    const anonymous = await dfo.dfo<DfoErrors>('GET', '/channels', undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0]).toMatchObject({ field: 'Authorization' });
    const short = await dfo.token('burst-key', 'x');
    expect((await dfo.dfo('GET', '/channels', short)).status).toBe(200);
    await dfo.expireTokens();
    const expired = await dfo.dfo<DfoErrors>('POST', `/channels/${channelId}/messages`, short, message('t-expired'));
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0]!.message).toMatch(/expired/);
    token = await dfo.token();
  });

  it('speaks OAuth on the token endpoints', async () => {
    const unsupported = await dfo.request<{ error: string }>('POST', '/auth/token', { body: { grant_type: 'client_credentials' } });
    expect(unsupported).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const engager = await dfo.request<{ access_token: string; token_type: string; expires_in: number }>('POST', '/engager/2.0/token', {
      body: { grant_type: 'client_credentials', client_id: 'legacy-id', client_secret: 'legacy-secret' },
    });
    expect(engager.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await dfo.dfo('GET', '/channels', engager.body.access_token)).status).toBe(200);
  });

  it('keeps brands apart: another brand sees neither the channel nor its cases', async () => {
    await dfo.registerBrand(4242, { friendlyName: 'The Watering Hole', accessKeys: [{ keyId: 'wh-key', secret: 'wh-secret' }] });
    const other = await dfo.token('wh-key', 'wh-secret');
    expect((await dfo.request('POST', '/auth/token', { body: { grant_type: 'password', username: 'wh-key', password: 'wrong' } })).status).toBe(400);
    const channelId = await newChannel();
    const created = await dfo.dfo<{ consumerContact: { id: string } }>('POST', `/channels/${channelId}/messages`, token, message(`t-${randomUUID()}`));
    expect((await dfo.dfo('POST', `/channels/${channelId}/messages`, other, message('t-x'))).status).toBe(404);
    expect((await dfo.dfo('GET', `/contacts/${created.body.consumerContact.id}`, other)).status).toBe(404);
    const channels = await dfo.dfo<Array<{ id: string }>>('GET', '/channels', other);
    expect(channels.body.map((c) => c.id)).not.toContain(channelId);
  });

  it('refuses channels of an integration CXone never issued, and unknown query parameters', async () => {
    const res = await dfo.dfo<DfoErrors>('POST', '/channels', token, {
      id: 'c-x', idOnExternalPlatform: 'c-x', channelIntegrationId: 'not-registered', realExternalPlatformId: 'custom', name: 'x', isPrivate: true, hasTreeStructure: false,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'channelIntegrationId' });
    const bare = await dfo.dfo<DfoErrors>('GET', '/contacts?status=new', token);
    expect(bare.status).toBe(400);
    expect(bare.body.errors[0]!.field).toBe('status');
  });

  it('answers framework errors in DFO format too: bad JSON, unknown route, wrong content type', async () => {
    const badJson = await dfo.request<DfoErrors>('POST', '/dfo/3.0/channels', { token, body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.errors[0]!.message).toMatch(/JSON/);
    expect((await dfo.request<DfoErrors>('GET', '/dfo/3.0/no-such-thing', { token })).body).toMatchObject({ errors: [expect.objectContaining({ message: expect.any(String) })] });
    const text = await dfo.request<DfoErrors>('PUT', '/dfo/3.0/contacts/1/status', { token, body: 'closed', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('verifies a one-time token once, giving a token for the brand', async () => {
    const { token: ott } = await dfo.mintOneTimeToken(5151, 77);
    const verify = (t: string) => dfo.dfo<{ brand: { id: number }; user: { id: number }; accessToken: string }>('POST', '/one-time-token/verification', undefined, {
      brandId: 5151, userId: 77, purpose: 'channel-integration', token: t,
    });
    const ok = await verify(ott);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ brand: { id: 5151 }, user: { id: 77 } });
    expect((await dfo.dfo('GET', '/channels', ok.body.accessToken)).status).toBe(200);
    const again = await verify(ott);
    expect(again.status).toBe(400);
    expect((again.body as unknown as DfoErrors).errors[0]!.field).toBe('token');
  });

  it('stores temporary attachments at a URL that serves them', async () => {
    const res = await dfo.dfo<{ url: string; expireAt: string }>('POST', '/attachments/temporary', token, { content: Buffer.from('receipt').toString('base64'), mimeType: 'text/plain' });
    expect(res.status).toBe(200);
    const file = await fetch(res.body.url);
    expect(await file.text()).toBe('receipt');
    expect((await dfo.dfo('POST', '/attachments/temporary', token, { content: 'not base64!', mimeType: 'text/plain' })).status).toBe(400);
  });
});
