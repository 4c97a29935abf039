import { randomUUID } from 'node:crypto';
import { EmulatorWorld, JungleChannel, simbaSays } from './support/emulator-world';
import { waitFor } from './support/wait';

/** Order, outages and retries, against the standalone DFO emulator and a fake platform. */
describe('messaging end to end: order and outages (DFO emulator, fake platform)', () => {
  let w: EmulatorWorld;
  let ch: JungleChannel;

  beforeAll(async () => {
    w = await EmulatorWorld.start({ OUTBOX_MAX_ATTEMPTS: '4', DFO_TIMEOUT_MS: '1500' });
  });
  afterAll(() => w.close());
  beforeEach(async () => {
    ch = await w.channel();
    await w.dfo.clearFaults();
  });

  const inboundOf = async (thread: string) => {
    const c = await w.dfo.findCaseByThread(thread, ch.dfoChannelId);
    return c ? (await w.dfo.caseDetail(c.id)).messages.filter((m) => m.direction === 'inbound') : [];
  };

  it('delivers 100 messages of one thread to DFO in order while another thread proceeds', async () => {
    const long = `long-${randomUUID()}`;
    const short = `short-${randomUUID()}`;
    // A slow DFO for the first calls makes the backlog real.
    await w.dfo.injectFault({ method: 'POST', path: `/dfo/3.0/channels/${ch.dfoChannelId}/messages`, latencyMs: 150, count: 10 });
    for (let i = 0; i < 100; i += 25) {
      const events = Array.from({ length: 25 }, (_, j) => simbaSays(`${long}-${i + j}`, long, `message ${i + j}`).events[0]);
      expect((await w.webhook(ch, { events })).status).toBe(202);
    }
    expect((await w.webhook(ch, simbaSays(`${short}-0`, short, 'me too', { id: 'zazu' }))).status).toBe(202);

    const shortDone = await waitFor(async () => ((await inboundOf(short)).length === 1 ? Date.now() : undefined), 'the other thread at DFO', 30000);
    const longDone = await waitFor(async () => ((await inboundOf(long)).length === 100 ? Date.now() : undefined), 'all 100 at DFO', 60000);
    expect(shortDone).toBeLessThanOrEqual(longDone);
    const received = await inboundOf(long);
    expect(received.map((m) => m.idOnExternalPlatform)).toEqual(Array.from({ length: 100 }, (_, i) => `${long}-${i}`));
    expect(received.every((m) => m.receivedCount === 1)).toBe(true);
  });

  it('loses nothing and duplicates nothing while DFO answers 503 for a while', async () => {
    await w.dfo.injectFault({ method: 'POST', path: `/dfo/3.0/channels/${ch.dfoChannelId}/messages`, status: 503, retryAfter: '0', count: 6 });
    const threads = [`outage-a-${randomUUID()}`, `outage-b-${randomUUID()}`];
    for (let i = 0; i < 6; i++) expect((await w.webhook(ch, simbaSays(`outage-${i}`, threads[i % 2]!, `message ${i}`))).status).toBe(202);

    await waitFor(async () => ((await w.messages(ch)).every((m) => m.status === 'sent_to_dfo') ? true : undefined), 'every message at DFO', 30000);
    const a = await inboundOf(threads[0]!);
    const b = await inboundOf(threads[1]!);
    expect(a.map((m) => m.idOnExternalPlatform)).toEqual(['outage-0', 'outage-2', 'outage-4']);
    expect(b.map((m) => m.idOnExternalPlatform)).toEqual(['outage-1', 'outage-3', 'outage-5']);
    expect([...a, ...b].every((m) => m.receivedCount === 1)).toBe(true);
    // The outage really happened: all six injected 503s were served.
    expect(await w.dfo.faults()).toEqual([expect.objectContaining({ status: 503, hits: 6, remaining: 0 })]);
  });

  it('asks DFO before posting again a message whose create call got no answer, and does not post it twice', async () => {
    const thread = `lost-${randomUUID()}`;
    // DFO takes the message but answers after our timeout: the outcome is unknown to us.
    await w.dfo.injectFault({ method: 'POST', path: `/dfo/3.0/channels/${ch.dfoChannelId}/messages`, latencyMs: 2500, count: 1 });
    expect((await w.webhook(ch, simbaSays('lost-1', thread, 'did you get this?'))).status).toBe(202);

    await waitFor(async () => ((await w.messages(ch)).every((m) => m.status === 'sent_to_dfo') ? true : undefined), 'the message marked sent', 30000);
    const [received] = await inboundOf(thread);
    expect(received).toMatchObject({ idOnExternalPlatform: 'lost-1', receivedCount: 1 });
    const posts = await w.dfo.calls({ direction: 'in', method: 'POST', path: `/dfo/3.0/channels/${ch.dfoChannelId}/messages` });
    expect(posts).toHaveLength(1);
    const lookups = (await w.dfo.calls({ direction: 'in', method: 'GET', path: '/dfo/3.0/messages' })).filter((c) => c.query.includes('lost-1'));
    expect(lookups).toEqual([expect.objectContaining({ status: 200 })]);
    const [row] = await w.query<{ dfo_contact_id: string | null }>(`SELECT dfo_contact_id FROM threads WHERE channel_id = $1`, [ch.channelId]);
    expect(row!.dfo_contact_id).toBe((await w.dfo.findCaseByThread(thread, ch.dfoChannelId))!.id);
  });

  it('answers DFO 200 while the platform is down, then reports delivered once it is back', async () => {
    const thread = `wh-${randomUUID()}`;
    await w.webhook(ch, simbaSays('m-1', thread, 'hello'));
    const c = await w.dfo.waitForCase(thread, ch.dfoChannelId);
    ch.platform.fail(503, { times: 3 });
    const reply = await w.dfo.reply(c.id, 'Sorry for the wait');
    expect(reply.agentDelivery).toMatchObject({ state: 'sent', httpStatus: 200 });

    const statuses = await w.dfo.waitForDeliveryStatuses(c.id, reply.idOnExternalPlatform, 30000);
    expect(statuses.map((s) => s.status)).toEqual(['delivered']);
    const attempts = ch.platform.ofType('message').filter((r) => r.body.id === reply.idOnExternalPlatform);
    expect(attempts).toHaveLength(4);
    expect((await w.messages(ch)).find((m) => m.direction === 'outbound')).toMatchObject({ status: 'sent', platform_message_id: `p-${attempts[3]!.n}` });
  });

  it('reports the message failed, with the reason, when the platform stays down past the attempt limit', async () => {
    const thread = `wh-${randomUUID()}`;
    await w.webhook(ch, simbaSays('m-1', thread, 'hello'));
    const c = await w.dfo.waitForCase(thread, ch.dfoChannelId);
    ch.platform.fail(503);
    const reply = await w.dfo.reply(c.id, 'Anyone?');
    expect(reply.agentDelivery).toMatchObject({ state: 'sent', httpStatus: 200 });

    const statuses = await w.dfo.waitForDeliveryStatuses(c.id, reply.idOnExternalPlatform, 30000);
    expect(statuses).toEqual([expect.objectContaining({ status: 'failed', reason: expect.stringContaining('platform answered HTTP 503') })]);
    expect((await w.messages(ch)).find((m) => m.direction === 'outbound')).toMatchObject({ status: 'failed', status_reason: expect.stringContaining('gave up after 4 attempts') });
    ch.platform.heal();
  });
});
