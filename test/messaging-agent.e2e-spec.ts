import { messageEvent, MessagingWorld, WorldChannel } from './support/messaging-world';
import { outboxSettled } from './support/outbox-rows';
import { waitFor } from './support/wait';

const reply = (threadId: string, text: string, extra: Record<string, unknown> = {}) => ({
  brand: { id: 1234, friendlyName: 'The Jungle' },
  thread: { idOnExternalPlatform: threadId, threadName: '' },
  messageContent: { type: 'TEXT', payload: { text }, fallbackText: null, postback: null },
  endUserRecipients: [],
  replyToMessage: null,
  isReplyToSpecificMessage: false,
  attachments: [],
  forward: null,
  authorUser: { id: 42, firstName: 'Baloo', surname: 'Bear' },
  somethingDfoAddedLater: { tolerated: true },
  ...extra,
});

describe('messaging: agent replies, outbound and typing through the Integration Box', () => {
  let w: MessagingWorld;
  let ch: WorldChannel;

  beforeAll(async () => {
    w = await MessagingWorld.start({ OUTBOX_MAX_ATTEMPTS: '4' });
  });
  afterAll(() => w.close());
  beforeEach(async () => {
    ch = await w.channel();
    expect((await w.webhook(ch, [messageEvent('m-1', 't-1', 'Hello')])).statusCode).toBe(202);
  });

  const statusesFor = (id: string) => w.dfo.statuses(ch.dfoChannelId).filter((c) => c.path.includes(`/messages/${id}/status`)).map((c) => c.body.status);

  it('sends the reply to the platform signed, answers DFO 200 with the a.3 body, and tells DFO it was delivered', async () => {
    const res = await w.box(ch, `2.0/channel/${ch.dfoChannelId}/outbound`, reply('t-1', 'Hi Simba, how can I help?'));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      message: { idOnExternalPlatform: expect.stringMatching(/^[0-9a-f-]{36}$/), createdAtWithMilliseconds: expect.stringMatching(/\.\d{3}Z$/) },
      thread: { idOnExternalPlatform: 't-1' },
      endUserIdentities: [{ idOnExternalPlatform: 'u-simba', firstName: 'Simba', lastName: 'Lion' }],
      recipients: [{ idOnExternalPlatform: 'u-simba', name: 'Simba Lion', isPrimary: true, isPrivate: true }],
    });
    const ourId = body.message.idOnExternalPlatform as string;
    const sent = ch.platform.ofType('message')[0]!;
    expect(sent.signatureValid).toBe(true);
    expect(sent.body).toEqual({ type: 'message', id: ourId, threadId: 't-1', recipient: { id: 'u-simba' }, text: 'Hi Simba, how can I help?', attachments: [], agent: { name: 'Baloo Bear' } });
    const outbound = (await w.messages(ch)).find((m) => m.direction === 'outbound')!;
    expect(outbound).toMatchObject({ id_on_external_platform: ourId, status: 'sent', author_kind: 'agent', platform_message_id: `p-${sent.n}` });
    await waitFor(() => statusesFor(ourId).length > 0, 'the delivered status at DFO');
    expect(statusesFor(ourId)).toEqual(['delivered']);
    const [thread] = await w.threads(ch);
    expect(thread!.idle_deadline_at).not.toBeNull();
  });

  it('answers 200 while the platform is down, then delivers on recovery and tells DFO delivered once', async () => {
    ch.platform.fail(503, { times: 2 });
    const res = await w.box(ch, `2.0/channel/${ch.dfoChannelId}/outbound`, reply('t-1', 'Still there?'));
    expect(res.statusCode).toBe(200);
    const ourId = res.json().message.idOnExternalPlatform as string;
    await waitFor(async () => (await w.messages(ch)).find((m) => m.id_on_external_platform === ourId)?.status === 'sent', 'the send to succeed on a retry');
    await waitFor(() => statusesFor(ourId).length > 0, 'the delivered status at DFO');
    // Settled: one send (after two retries) and one status; nothing else can still be on its way.
    expect(await outboxSettled(w.db, { channelId: ch.channelId })).toMatchObject({ 'platform.send done': 1, 'dfo.message_status done': 1 });
    expect(statusesFor(ourId)).toEqual(['delivered']);
    expect(ch.platform.ofType('message').filter((r) => r.body.id === ourId)).toHaveLength(3);
  });

  it('tells DFO the message failed, with the reason, when the platform stays down past the attempt limit', async () => {
    ch.platform.fail(503);
    const res = await w.box(ch, `2.0/channel/${ch.dfoChannelId}/outbound`, reply('t-1', 'Hello?'));
    expect(res.statusCode).toBe(200);
    const ourId = res.json().message.idOnExternalPlatform as string;
    await waitFor(() => statusesFor(ourId).length > 0, 'the failed status at DFO', 30000);
    const [status] = w.dfo.statuses(ch.dfoChannelId).filter((c) => c.path.includes(ourId));
    expect(status!.body).toMatchObject({ status: 'failed', reason: expect.stringContaining('ADAPTER.RETRYABLE') });
    expect((await w.messages(ch)).find((m) => m.id_on_external_platform === ourId)).toMatchObject({ status: 'failed' });
    const [dead] = await w.query(`SELECT status, attempts, last_error FROM deliveries WHERE message_id = (SELECT id FROM messages WHERE id_on_external_platform = $1) AND kind = 'platform.send'`, [ourId]);
    expect(dead).toMatchObject({ status: 'dead', attempts: 4, last_error: expect.stringContaining('gave up after 4 attempts') });
    ch.platform.heal();
  });

  it('starts a conversation the agent initiates, which the end user then continues', async () => {
    const dfoThread = '5f0c8d0e-agent-started';
    const res = await w.box(ch, `2.0/channel/${ch.dfoChannelId}/outbound`, reply(dfoThread, 'A message from The Jungle', {
      endUserRecipients: [{ idOnExternalPlatform: 'u-nala', name: 'Nala Lioness', isPrimary: true, isPrivate: true }],
    }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ thread: { idOnExternalPlatform: dfoThread }, endUserIdentities: [{ idOnExternalPlatform: 'u-nala', firstName: 'Nala', lastName: 'Lioness' }] });
    const started = await ch.platform.waitFor((r) => r.body.type === 'message' && r.body.threadId === dfoThread);
    expect(started.body).toMatchObject({ recipient: { id: 'u-nala' }, text: 'A message from The Jungle' });

    expect((await w.webhook(ch, [messageEvent('nala-1', dfoThread, 'Thanks!', { id: 'u-nala' })])).statusCode).toBe(202);
    const call = await waitFor(() => w.dfo.createMessages(ch.dfoChannelId).find((c) => c.body.idOnExternalPlatform === 'nala-1'), 'the answer at DFO');
    expect(call.body).toMatchObject({ thread: { idOnExternalPlatform: dfoThread }, authorEndUserIdentity: { idOnExternalPlatform: 'u-nala', firstName: 'Nala', lastName: 'Lioness' } });
    expect((await w.threads(ch)).filter((t) => t.dfo_thread_ref === dfoThread)).toHaveLength(1);
  });

  it('answers 404 for an unknown thread without recipients, and 400 naming a missing field', async () => {
    const unknown = await w.box(ch, `2.0/channel/${ch.dfoChannelId}/outbound`, reply('t-nobody', 'hello'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'THREAD.UNKNOWN_TO_INTEGRATION' });
    const noContent = await w.box(ch, `2.0/channel/${ch.dfoChannelId}/outbound`, { thread: { idOnExternalPlatform: 't-1' } });
    expect(noContent.statusCode).toBe(400);
    expect(noContent.json()).toMatchObject({ field: 'messageContent' });
    const noThread = await w.box(ch, `2.0/channel/${ch.dfoChannelId}/outbound`, { messageContent: { type: 'TEXT', payload: { text: 'x' } } });
    expect(noThread.json()).toMatchObject({ statusCode: 400, field: 'thread.idOnExternalPlatform' });
    expect((await w.messages(ch)).filter((m) => m.direction === 'outbound')).toHaveLength(0);
  });

  it("refuses another integration's token with 404 on all three endpoints, and a bad token with 401", async () => {
    const other = await w.channel();
    const paths = [`2.0/channel/${ch.dfoChannelId}/outbound`, `1.0/posts/t-1/messages`, `1.0/channel/${ch.dfoChannelId}/thread/t-1/sender-action`];
    const bodies = [reply('t-1', 'intruder'), reply('t-1', 'intruder'), { senderAction: { action: 'isTypingOn' } }];
    for (const [i, path] of paths.entries()) {
      expect((await w.box(ch, path, bodies[i], other.token)).statusCode).toBe(404);
      expect((await w.box(ch, path, bodies[i], 'not-a-token')).statusCode).toBe(401);
    }
    expect((await w.messages(ch)).filter((m) => m.direction === 'outbound')).toHaveLength(0);
    expect(ch.platform.requests).toHaveLength(0);
  });

  it('takes legacy 1.0 replies by post id and answers {idOnExternalPlatform}', async () => {
    const res = await w.box(ch, '1.0/posts/t-1/messages', { post: { idOnExternalPlatform: 't-1' }, messageContent: { type: 'TEXT', payload: { text: 'Legacy hello' } } });
    expect(res.statusCode).toBe(200);
    const { idOnExternalPlatform } = res.json();
    const sent = await ch.platform.waitFor((r) => r.body.type === 'message');
    expect(sent.body).toMatchObject({ id: idOnExternalPlatform, threadId: 't-1', text: 'Legacy hello' });
  });

  it('passes agent typing to the platform (204) and end-user typing and receipts to DFO', async () => {
    const typing = await w.box(ch, `1.0/channel/${ch.dfoChannelId}/thread/t-1/sender-action`, { brand: {}, senderAction: { action: 'isTypingOn' }, authorUser: { id: 42 } });
    expect(typing.statusCode).toBe(204);
    expect(ch.platform.ofType('typing')[0]!.body).toEqual({ type: 'typing', threadId: 't-1', on: true });
    const bad = await w.box(ch, `1.0/channel/${ch.dfoChannelId}/thread/t-1/sender-action`, { senderAction: { action: 'dancing' } });
    expect(bad.json()).toMatchObject({ statusCode: 400, field: 'senderAction.action' });

    const ourId = (await w.box(ch, `2.0/channel/${ch.dfoChannelId}/outbound`, reply('t-1', 'Here you go'))).json().message.idOnExternalPlatform as string;
    await waitFor(() => statusesFor(ourId).includes('delivered'), 'delivered after the send');
    const events = [{ type: 'typing', threadId: 't-1', on: true }, { type: 'delivered', messageId: ourId }, { type: 'read', messageId: ourId }];
    expect((await w.webhook(ch, events)).json()).toEqual({ accepted: [], duplicates: [] });
    await waitFor(() => statusesFor(ourId).includes('seen'), 'seen at DFO');
    const action = await waitFor(() => w.dfo.callsTo(/sender-actions$/).find((c) => c.path.includes(ch.dfoChannelId)), 'the sender action');
    expect(action.path).toBe(`/dfo/3.0/channels/${ch.dfoChannelId}/threads/t-1/sender-actions`);
    expect(action.body).toEqual({ action: 'isTypingOn' });
    // The platform's own `delivered` changes nothing at DFO: DFO heard `delivered` when the platform accepted it.
    expect(statusesFor(ourId)).toEqual(['delivered', 'seen']);
    expect((await w.messages(ch)).find((m) => m.id_on_external_platform === ourId)!.status).toBe('seen');
  });
});
