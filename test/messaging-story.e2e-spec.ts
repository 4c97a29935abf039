import { randomUUID } from 'node:crypto';
import { EmulatorWorld, JungleChannel, simbaSays } from './support/emulator-world';
import { integrationToken } from './support/admin-api';
import { outboxCounts, outboxSettled } from './support/outbox-rows';
import { waitFor } from './support/wait';

/**
 * The acceptance story of seed 001 (docs/dfo-contract.md (f)) against the standalone DFO emulator: an animal on the savanna writes on The
 * Watering Hole, the case appears in CXone, the agent replies, and the reply reaches the platform.
 */
describe('messaging end to end: The Jungle and The Watering Hole (DFO emulator, fake platform)', () => {
  let w: EmulatorWorld;
  let ch: JungleChannel;

  beforeAll(async () => {
    w = await EmulatorWorld.start();
  });
  afterAll(() => w.close());
  beforeEach(async () => {
    ch = await w.channel();
  });

  it('tells the whole story: the end user writes, DFO gets the case, the agent replies, the platform receives it', async () => {
    const thread = `wh-thread-${randomUUID()}`;
    const res = await w.webhook(ch, simbaSays('wh-msg-0001', thread, 'Hello, my order is late'));
    expect(res).toEqual({ status: 202, body: { accepted: ['wh-msg-0001'], duplicates: [] } });

    const c = await w.dfo.waitForCase(thread, ch.dfoChannelId);
    const detail = await w.dfo.caseDetail(c.id);
    expect(detail.case).toMatchObject({ status: 'new', threadIdOnExternalPlatform: thread, endUser: { idOnExternalPlatform: 'simba' } });
    expect(detail.messages).toEqual([
      expect.objectContaining({
        direction: 'inbound',
        idOnExternalPlatform: 'wh-msg-0001',
        text: 'Hello, my order is late',
        authorEndUserIdentity: { idOnExternalPlatform: 'simba', firstName: 'Simba', lastName: 'Lion', nickname: '@simba' },
        receivedCount: 1,
      }),
    ]);

    const reply = await w.dfo.reply(c.id, 'Hi Simba, how can I help?');
    expect(reply.agentDelivery).toMatchObject({ state: 'sent', httpStatus: 200, error: null, warnings: [] });
    const atPlatform = await ch.platform.waitFor((r) => r.body.type === 'message');
    expect(atPlatform.signatureValid).toBe(true);
    expect(atPlatform.body).toEqual({
      type: 'message',
      id: reply.idOnExternalPlatform,
      threadId: thread,
      recipient: { id: 'simba' },
      text: 'Hi Simba, how can I help?',
      attachments: [],
      agent: { name: 'Baloo Bear' },
    });

    const delivered = await w.dfo.waitForDeliveryStatuses(c.id, reply.idOnExternalPlatform);
    expect(delivered.map((s) => s.status)).toEqual(['delivered']);
    expect(await w.messages(ch)).toEqual([
      expect.objectContaining({ direction: 'inbound', author_kind: 'end_user', status: 'sent_to_dfo', id_on_external_platform: 'wh-msg-0001' }),
      expect.objectContaining({ direction: 'outbound', author_kind: 'agent', status: 'sent', id_on_external_platform: reply.idOnExternalPlatform, platform_message_id: `p-${atPlatform.n}` }),
    ]);
    const [ours] = await w.query(`SELECT dfo_contact_id, status FROM threads WHERE channel_id = $1`, [ch.channelId]);
    expect(ours).toEqual({ dfo_contact_id: c.id, status: 'open' });
  });

  it('turns five replays of one webhook into one message at DFO', async () => {
    const thread = `wh-thread-${randomUUID()}`;
    const body = simbaSays('wh-msg-replayed', thread, 'Are you there?');
    const answers = await Promise.all(Array.from({ length: 5 }, () => w.webhook(ch, body)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers.flatMap((a) => a.body.accepted as string[])).toEqual(['wh-msg-replayed']);
    expect(answers.flatMap((a) => a.body.duplicates as string[])).toHaveLength(4);
    const c = await w.dfo.waitForCase(thread, ch.dfoChannelId);
    expect(await outboxSettled(w.db, { channelId: ch.channelId })).toEqual({ 'dfo.create_message done': 1 });
    const { messages } = await w.dfo.caseDetail(c.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ idOnExternalPlatform: 'wh-msg-replayed', receivedCount: 1 });
    expect(await w.messages(ch)).toHaveLength(1);
  });

  it('starts a conversation the agent initiates, and the end user’s answer continues it', async () => {
    const { case: started, message } = await w.dfo.startOutbound({
      channelId: ch.dfoChannelId,
      recipient: { idOnExternalPlatform: 'nala', name: 'Nala Lioness' },
      text: 'Your order has shipped!',
    });
    const dfoThread = started.threadIdOnExternalPlatform;
    const atPlatform = await ch.platform.waitFor((r) => r.body.type === 'message');
    expect(atPlatform.body).toMatchObject({ threadId: dfoThread, recipient: { id: 'nala' }, text: 'Your order has shipped!' });
    const sent = await waitFor(async () => {
      const m = (await w.dfo.caseDetail(started.id)).messages.find((x) => x.id === message.id);
      return m?.agentDelivery?.state === 'sent' ? m : undefined;
    }, 'the outbound to be delivered');
    expect(sent.idOnExternalPlatform).toBe(atPlatform.body.id);

    await w.webhook(ch, simbaSays('nala-1', dfoThread, 'Thank you!', { id: 'nala' }));
    const answered = await waitFor(async () => {
      const detail = await w.dfo.caseDetail(started.id);
      return detail.messages.find((m) => m.idOnExternalPlatform === 'nala-1');
    }, 'the answer in the same case');
    expect(answered).toMatchObject({ direction: 'inbound', threadId: started.threadId, authorEndUserIdentity: { idOnExternalPlatform: 'nala', firstName: 'Nala', lastName: 'Lioness' } });
    expect(await w.query(`SELECT dfo_thread_ref, id_on_external_platform FROM threads WHERE channel_id = $1`, [ch.channelId])).toEqual([
      { dfo_thread_ref: dfoThread, id_on_external_platform: dfoThread },
    ]);
  });

  it('stores nothing, and tells DFO nothing, for a bad signature, a stale timestamp or a malformed body', async () => {
    const thread = `wh-thread-${randomUUID()}`;
    const body = simbaSays('wh-msg-evil', thread, 'forged');
    expect((await w.webhook(ch, body, { secret: 'a-secret-the-platform-never-had' })).status).toBe(401);
    expect((await w.webhook(ch, body, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    const malformed = await w.webhook(ch, { events: [{ ...body.events[0], createdAt: 'yesterday' }] });
    expect(malformed).toMatchObject({ status: 400, body: { field: 'events[0].createdAt' } });
    // Refused before anything was stored: no message, and no delivery that could still reach DFO.
    expect(await w.messages(ch)).toEqual([]);
    expect(await outboxCounts(w.db, { channelId: ch.channelId })).toEqual({});
    expect(await w.dfo.cases({ channelId: ch.dfoChannelId })).toEqual([]);
  });

  it("answers 404 when integration A's token is used on integration B's channel", async () => {
    const other = await w.channel();
    const thread = `wh-thread-${randomUUID()}`;
    await w.webhook(ch, simbaSays('m-a', thread, 'hello'));
    const intrudersToken = await integrationToken(w.t, other.clientId, other.clientSecret);
    const res = await fetch(`${w.t.url}/integration/box/2.0/channel/${ch.dfoChannelId}/outbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${intrudersToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ thread: { idOnExternalPlatform: thread }, messageContent: { type: 'TEXT', payload: { text: 'not yours' } } }),
    });
    expect(res.status).toBe(404);
    expect(ch.platform.requests).toHaveLength(0);
  });
});
