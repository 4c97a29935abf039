import { InboundMessageWriter } from '../src/messages/inbound/inbound-message.writer';
import { messageEvent, MessagingWorld, WorldChannel } from './support/messaging-world';
import { outboxSettled } from './support/outbox-rows';
import { waitFor } from './support/wait';

describe('messaging: the inbound pipeline (recording DFO, fake platform)', () => {
  let w: MessagingWorld;
  let ch: WorldChannel;

  beforeAll(async () => {
    w = await MessagingWorld.start();
  });
  afterAll(() => w.close());
  beforeEach(async () => {
    ch = await w.channel();
  });

  it('stores a signed message, answers 202 after the commit, and creates it in DFO with the b.2 body', async () => {
    const createdAt = '2026-01-02T03:04:05.678Z';
    const event = {
      ...messageEvent('m-1', 't-1', 'Hello, my order is late', { id: 'u-1', firstName: 'Simba', lastName: 'Lion', nickname: '@simba', image: 'https://cdn.example/simba.png' }),
      createdAt,
      attachments: [{ url: 'https://files.example/receipt.jpg', name: 'receipt.jpg' }],
    };
    const res = await w.webhook(ch, [event]);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: ['m-1'], duplicates: [] });
    const [stored] = await w.messages(ch);
    expect(stored).toMatchObject({ direction: 'inbound', id_on_external_platform: 'm-1', author_kind: 'end_user' });

    const [call] = await waitFor(() => w.dfo.createMessages(ch.dfoChannelId).length > 0 && w.dfo.createMessages(ch.dfoChannelId), 'the create-message call');
    expect(call!.body).toEqual({
      idOnExternalPlatform: 'm-1',
      direction: 'inbound',
      createdAtWithMilliseconds: createdAt,
      thread: { idOnExternalPlatform: 't-1' },
      messageContent: { type: 'TEXT', payload: { text: 'Hello, my order is late' } },
      authorEndUserIdentity: { idOnExternalPlatform: 'u-1', firstName: 'Simba', lastName: 'Lion', nickname: '@simba', image: 'https://cdn.example/simba.png' },
      attachments: [{ url: 'https://files.example/receipt.jpg', friendlyName: 'receipt.jpg' }],
    });
    await waitFor(async () => (await w.messages(ch))[0]?.status === 'sent_to_dfo', 'the message to be marked sent_to_dfo');
    const [thread] = await w.threads(ch);
    expect(thread).toMatchObject({ id_on_external_platform: 't-1', dfo_thread_ref: 't-1', status: 'open', dfo_contact_id: expect.stringMatching(/^17497987/) });
    const events = await w.query(`SELECT type FROM thread_events WHERE thread_id = $1`, [thread!.id]);
    expect(events.map((e) => e.type)).toContain('message.inbound');
  });

  it('stores a platform retry once and sends it to DFO once, reporting the replays as duplicates', async () => {
    const event = messageEvent('m-dup', 't-dup', 'Is anyone there?');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await w.webhook(ch, [event])).json());
    expect(answers[0]).toEqual({ accepted: ['m-dup'], duplicates: [] });
    for (const later of answers.slice(1)) expect(later).toEqual({ accepted: [], duplicates: ['m-dup'] });
    await waitFor(async () => (await w.messages(ch))[0]?.status === 'sent_to_dfo', 'the message to reach DFO');
    expect(await outboxSettled(w.db, { channelId: ch.channelId })).toEqual({ 'dfo.create_message done': 1 });
    expect(await w.messages(ch)).toHaveLength(1);
    expect(w.dfo.createMessages(ch.dfoChannelId)).toHaveLength(1);
  });

  it('writes a message on an open conversation in one statement, with everything the general path writes', async () => {
    await w.webhook(ch, [messageEvent('m-1', 't-1', 'hello', { id: 'u-1', firstName: 'Simba' })]);
    const general = jest.spyOn(w.t.app.get(InboundMessageWriter), 'write');
    try {
      const before = Date.now();
      const res = await w.webhook(ch, [messageEvent('m-2', 't-1', 'hello again', { id: 'u-1', firstName: 'Simba', lastName: 'Lion' })]);
      expect(res.json()).toEqual({ accepted: ['m-2'], duplicates: [] });
      expect((await w.webhook(ch, [messageEvent('m-2', 't-1', 'hello again')])).json()).toEqual({ accepted: [], duplicates: ['m-2'] });
      expect(general).not.toHaveBeenCalled();

      const [thread] = await w.threads(ch);
      const messages = await w.messages(ch);
      expect(messages.map((m) => [m.id_on_external_platform, m.thread_id])).toEqual([['m-1', thread!.id], ['m-2', thread!.id]]);
      const [user] = await w.query<{ first_name: string; last_name: string }>(`SELECT first_name, last_name FROM end_users WHERE channel_id = $1`, [ch.channelId]);
      expect(user).toEqual({ first_name: 'Simba', last_name: 'Lion' });
      const [activity] = await w.query<{ last_customer_activity_at: Date }>(`SELECT last_customer_activity_at FROM threads WHERE id = $1`, [thread!.id]);
      expect(activity!.last_customer_activity_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
      const deliveries = await w.query(`SELECT kind, message_id FROM deliveries WHERE thread_id = $1 ORDER BY id`, [thread!.id]);
      expect(deliveries).toEqual(messages.map((m) => ({ kind: 'dfo.create_message', message_id: m.id })));
      const events = await w.query(`SELECT type, data->>'idOnExternalPlatform' AS external FROM thread_events WHERE thread_id = $1 ORDER BY id`, [thread!.id]);
      expect(events).toEqual([{ type: 'message.inbound', external: 'm-1' }, { type: 'message.inbound', external: 'm-2' }]);
      await waitFor(() => w.dfo.createMessages(ch.dfoChannelId).length === 2, 'both messages at DFO');
      expect(w.dfo.createMessages(ch.dfoChannelId).map((c) => c.body.idOnExternalPlatform)).toEqual(['m-1', 'm-2']);
    } finally {
      general.mockRestore();
    }
  });

  it('refuses a bad signature, a stale timestamp and a malformed body, storing nothing', async () => {
    const event = messageEvent('m-bad', 't-bad', 'forged');
    expect((await w.webhook(ch, [event], { secret: 'not-the-channel-secret-0123456789' })).statusCode).toBe(401);
    expect((await w.webhook(ch, [event], { timestamp: Math.floor(Date.now() / 1000) - 3600 })).statusCode).toBe(401);
    const missingAuthor = await w.webhook(ch, [{ ...event, author: undefined }]);
    expect(missingAuthor.statusCode).toBe(400);
    expect(missingAuthor.json()).toMatchObject({ field: 'events[0].author' });
    const notJson = await w.webhook(ch, '{"events": [');
    expect(notJson.statusCode).toBe(400);
    // A bad event after a good one: the whole request is refused, the good one is not stored either.
    const mixed = await w.webhook(ch, [event, { type: 'message', id: 'm-2' }]);
    expect(mixed.statusCode).toBe(400);
    expect(await w.messages(ch)).toHaveLength(0);
    expect(await w.threads(ch)).toHaveLength(0);
    expect(await w.query(`SELECT 1 FROM end_users WHERE channel_id = $1`, [ch.channelId])).toHaveLength(0);
  });

  it('answers 404 for an unknown channel', async () => {
    const res = await w.webhook({ ...ch, dfoChannelId: 'chat_no-such-channel' }, [messageEvent('m-x', 't-x', 'hi')]);
    expect(res.statusCode).toBe(404);
  });

  it('delivers 100 messages of one thread to DFO in order, while another thread proceeds', async () => {
    w.dfo.fail(new RegExp(`^POST /dfo/3\\.0/channels/${ch.dfoChannelId}/messages$`), 503, { times: 3 });
    for (let i = 0; i < 100; i += 20) {
      const batch = Array.from({ length: 20 }, (_, j) => messageEvent(`long-${i + j}`, 't-long', `message ${i + j}`));
      expect((await w.webhook(ch, batch)).statusCode).toBe(202);
    }
    expect((await w.webhook(ch, [messageEvent('short-0', 't-short', 'me too')])).statusCode).toBe(202);
    await waitFor(() => w.dfo.createMessages(ch.dfoChannelId).length === 101, 'all 101 messages at DFO', 60000);
    const calls = w.dfo.createMessages(ch.dfoChannelId);
    const long = calls.filter((c) => (c.body.thread as { idOnExternalPlatform: string }).idOnExternalPlatform === 't-long').map((c) => c.body.idOnExternalPlatform);
    expect(long).toEqual(Array.from({ length: 100 }, (_, i) => `long-${i}`));
    const shortAt = calls.findIndex((c) => c.body.idOnExternalPlatform === 'short-0');
    expect(shortAt).toBeLessThan(calls.length - 1);
  });

  it('rides out DFO answering 503 for a while: nothing lost, no duplicates', async () => {
    w.dfo.fail(/\/messages$/, 503, { times: 6, retryAfter: '0' });
    for (let i = 0; i < 5; i++) expect((await w.webhook(ch, [messageEvent(`o-${i}`, `t-o-${i % 2}`, `outage ${i}`)])).statusCode).toBe(202);
    await waitFor(async () => (await w.messages(ch)).every((m) => m.status === 'sent_to_dfo'), 'every message at DFO', 30000);
    const ids = w.dfo.createMessages(ch.dfoChannelId).map((c) => c.body.idOnExternalPlatform);
    expect([...ids].sort()).toEqual(['o-0', 'o-1', 'o-2', 'o-3', 'o-4']);
    w.dfo.heal();
  });
});
