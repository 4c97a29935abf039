import { randomUUID } from 'node:crypto';
import { EmulatorClient } from './support/emulator';
import { EmulatorWithBox } from './support/emulator-box';
import { FakeIntegrationBox } from './support/fake-integration-box';
import { waitFor } from './support/wait';

/** The emulator as the agent side of DFO, calling a (fake) Integration Box; and fault injection. */
describe('sandbox DFO emulator: the agent side', () => {
  let world: EmulatorWithBox;
  let dfo: EmulatorClient;
  let box: FakeIntegrationBox;
  let token: string;

  beforeAll(async () => {
    world = await EmulatorWithBox.start();
    ({ dfo, box, token } = world);
  });
  afterAll(() => world.close());

  /** A fresh integration (so a fresh token cache), a channel on it, and a case with one end-user message. */
  async function conversation(options: { replyApi?: '2.0' | '1.0'; clientSecret?: string } = {}) {
    const { integrationId, channelId } = await world.channel(options);
    return { integrationId, channelId, ...(await world.endUserWrites(channelId)) };
  }

  const boxCallsSince = (n: number) => box.requests.slice(n).map((r) => `${r.path.replace(/^\/integration\/box/, '')} ${r.authorization ? 'Bearer' : 'none'}`);

  it('replies through 401 → token → retry, then reuses the cached token', async () => {
    const { channelId, threadId, caseId } = await conversation();
    const seen = box.requests.length;
    const firstCall = await dfo.lastCallId();
    const reply = await dfo.reply(caseId, 'Hi Simba, how can I help?');

    expect(reply.agentDelivery).toMatchObject({ state: 'sent', httpStatus: 200, error: null, warnings: [] });
    expect(reply.idOnExternalPlatform).toMatch(/^fake-msg-/);
    expect(boxCallsSince(seen)).toEqual([`/2.0/channel/${channelId}/outbound none`, '/1.0/token none', `/2.0/channel/${channelId}/outbound Bearer`]);
    const [first, tokenCall, retry] = box.requests.slice(seen);
    expect(tokenCall!.body).toEqual({ grant_type: 'client_credentials', client_id: box.clientId, client_secret: box.clientSecret });
    expect(tokenCall!.contentType).toBe('application/json');
    expect(retry!.body).toEqual(first!.body);
    expect(retry!.body).toMatchObject({
      thread: { idOnExternalPlatform: threadId },
      messageContent: { type: 'TEXT', payload: { text: 'Hi Simba, how can I help?' } },
      endUserRecipients: [{ idOnExternalPlatform: 'simba', name: 'Simba Lion', isPrimary: true, isPrivate: true }],
      brand: { id: 1000 },
    });

    const out = await dfo.calls({ direction: 'out', afterId: firstCall });
    expect(out.map((c) => [c.context?.action, c.status, c.authorization.split(' ')[0]])).toEqual([['reply', 401, 'none'], ['token', 200, 'none'], ['reply', 200, 'Bearer']]);
    expect(JSON.stringify(out)).not.toContain(box.clientSecret);
    expect((await dfo.caseDetail(caseId)).case.status).toBe('open');

    const before = box.requests.length;
    expect((await dfo.reply(caseId, 'Still there?')).agentDelivery?.state).toBe('sent');
    expect(boxCallsSince(before)).toEqual([`/2.0/channel/${channelId}/outbound Bearer`]);
  });

  it('fetches one token for a burst of 401s, and retries each call once', async () => {
    const a = await conversation();
    await dfo.reply(a.caseId, 'warm the token cache');
    const b = await world.endUserWrites(a.channelId, 'me too', { idOnExternalPlatform: 'nala' });
    box.revokeTokens();
    const seen = box.requests.length;
    const replies = await Promise.all([dfo.reply(a.caseId, 'one'), dfo.reply(b.caseId, 'two'), dfo.reply(a.caseId, 'three')]);
    expect(replies.map((r) => r.agentDelivery?.state)).toEqual(['sent', 'sent', 'sent']);
    expect(box.requests.slice(seen).filter((r) => r.path.endsWith('/1.0/token'))).toHaveLength(1);
  });

  it('gives up when the token request fails, and records why', async () => {
    const { caseId } = await conversation({ clientSecret: 'wrong-secret' });
    const reply = await dfo.reply(caseId, 'Hello?');
    expect(reply.agentDelivery).toMatchObject({ state: 'failed', httpStatus: 401, error: 'token request failed: HTTP 401' });
    expect(reply.idOnExternalPlatform).toBeNull();
  });

  it('uses the legacy 1.0 posts path when the integration says so', async () => {
    const { threadId, caseId } = await conversation({ replyApi: '1.0' });
    const seen = box.requests.length;
    const reply = await dfo.reply(caseId, 'Legacy hello');
    expect(reply.idOnExternalPlatform).toMatch(/^fake-post-msg-/);
    expect(box.requests.at(-1)!.path).toBe(`/integration/box/1.0/posts/${threadId}/messages`);
    expect(box.requests.slice(seen).at(-1)!.body).toMatchObject({ post: { idOnExternalPlatform: threadId }, messageContent: { payload: { text: 'Legacy hello' } } });
  });

  it('sends typing to the sender-action endpoint and expects 204', async () => {
    const { channelId, threadId, caseId } = await conversation();
    const delivery = await dfo.typing(caseId, true);
    expect(delivery).toMatchObject({ state: 'sent', httpStatus: 204, warnings: [] });
    const last = box.requests.at(-1)!;
    expect(last.path).toBe(`/integration/box/1.0/channel/${channelId}/thread/${threadId}/sender-action`);
    expect(last.body).toMatchObject({ senderAction: { action: 'isTypingOn' }, authorUser: { firstName: 'Baloo' } });
  });

  it('starts an agent-initiated outbound conversation on a new thread; the end user answer joins its case', async () => {
    const { channelId } = await conversation();
    const started = await dfo.startOutbound({ channelId, recipient: { idOnExternalPlatform: 'zazu', name: 'Zazu' }, text: 'A word, Zazu?' });
    expect(started.case).toMatchObject({ direction: 'outbound', status: 'open' });
    expect(started.message.agentDelivery?.state).toBe('sent');
    const sent = box.requests.at(-1)!.body as { thread: { idOnExternalPlatform: string }; endUserRecipients: unknown };
    expect(sent.thread.idOnExternalPlatform).toBe(started.case.threadIdOnExternalPlatform);
    expect(sent.endUserRecipients).toEqual([{ idOnExternalPlatform: 'zazu', name: 'Zazu', isPrimary: true, isPrivate: true }]);

    const answer = await dfo.openCase(token, channelId, sent.thread.idOnExternalPlatform, 'Yes?', { idOnExternalPlatform: 'zazu' });
    expect(answer).toBe(started.case.id);
  });

  it('takes delivery statuses only for agent messages it knows', async () => {
    const { channelId, caseId } = await conversation();
    const reply = await dfo.reply(caseId, 'Your order ships today');
    const path = `/channels/${channelId}/messages/${reply.idOnExternalPlatform}/status`;
    expect((await dfo.dfo('PUT', path, token, { status: 'delivered', updatedAt: '2025-07-25T20:07:00.000Z' })).status).toBe(204);
    expect((await dfo.dfo('PUT', path, token, { status: 'read', updatedAt: '2025-07-25T20:07:00.000Z' })).status).toBe(400);
    expect((await dfo.dfo('PUT', `/channels/${channelId}/messages/never-sent/status`, token, { status: 'seen', updatedAt: '2025-07-25T20:07:00.000Z' })).status).toBe(404);
    const stored = (await dfo.caseDetail(caseId)).messages.find((m) => m.id === reply.id)!;
    expect(stored.deliveryStatuses).toEqual([expect.objectContaining({ status: 'delivered', updatedAt: '2025-07-25T20:07:00.000Z' })]);
  });

  it('passes b.4 API outbound messages to the Integration Box after answering', async () => {
    const { channelId } = await conversation();
    const res = await dfo.dfo<{ consumerContact: { id: string }; message: { id: string } }>('POST', `/channels/${channelId}/outbound`, token, {
      thread: { idOnExternalPlatform: `api-${randomUUID()}` },
      messageContent: { type: 'TEXT', payload: { text: 'Your parcel is on its way' } },
      recipients: [{ idOnExternalPlatform: 'timon', name: 'Timon', isPrimary: true }],
    });
    expect(res.status).toBe(200);
    const delivered = await waitFor(async () => {
      const m = (await dfo.caseDetail(res.body.consumerContact.id)).messages.find((x) => x.id === res.body.message.id);
      return m?.agentDelivery?.state === 'sent' ? m : undefined;
    }, 'the outbound message to reach the Integration Box');
    expect(delivered.idOnExternalPlatform).toMatch(/^fake-msg-/);
  });

  it('records a middleware failure or timeout on the message', async () => {
    const { caseId } = await conversation();
    await dfo.reply(caseId, 'warm up');
    box.failNext(500);
    expect((await dfo.reply(caseId, 'boom')).agentDelivery).toMatchObject({ state: 'failed', httpStatus: 500, error: 'expected HTTP 200, got 500' });
    await dfo.settings({ callTimeoutMs: 200 });
    box.failNext(200, 1, {}, 1500);
    try {
      expect((await dfo.reply(caseId, 'slow')).agentDelivery).toMatchObject({ state: 'failed', httpStatus: null, error: 'timed out after 200 ms' });
    } finally {
      await dfo.settings({ callTimeoutMs: 10000 });
    }
  });

  it('injects faults: status and Retry-After for the next N matching calls, then latency', async () => {
    const { channelId } = await conversation();
    const fault = await dfo.injectFault({ method: 'POST', path: `/dfo/3.0/channels/${channelId}/messages`, status: 503, retryAfter: 7, count: 2 });
    const threadId = `t-${randomUUID()}`;
    const send = () => dfo.dfo('POST', `/channels/${channelId}/messages`, token, {
      idOnExternalPlatform: `m-${randomUUID()}`, thread: { idOnExternalPlatform: threadId }, direction: 'inbound',
      createdAtWithMilliseconds: new Date().toISOString(), messageContent: { type: 'TEXT', payload: { text: 'hi' } }, authorEndUserIdentity: { idOnExternalPlatform: 'pumbaa' },
    });
    const first = await send();
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await send()).status).toBe(503);
    expect(await dfo.findCaseByThread(threadId)).toBeUndefined();
    expect((await send()).status).toBe(200);
    const faulted = await dfo.calls({ direction: 'in', path: `/channels/${channelId}/messages` });
    expect(faulted.map((c) => [c.status, c.faultId])).toEqual([[200, null], [503, fault.id], [503, fault.id], [200, null]]);

    await dfo.injectFault({ path: '/dfo/3.0/contacts/*', latencyMs: 300 });
    const slow = await dfo.dfo('GET', `/contacts/${(await dfo.findCaseByThread(threadId))!.id}`, token);
    expect(slow.status).toBe(200);
    const [timed] = await dfo.calls({ direction: 'in', path: '/dfo/3.0/contacts/' });
    expect(timed!.durationMs).toBeGreaterThanOrEqual(290);
  });
});
