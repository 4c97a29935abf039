import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorWorld, JungleChannel, simbaSays } from './support/emulator-world';
import { waitFor } from './support/wait';

/**
 * The messaging core on the embedded default: PGlite has ONE connection, so a transaction that waited for a second
 * one, or a handler that held a transaction while calling out, would hang here. The emulator is the in-process one.
 */
describe('messaging on the embedded default (PGlite, in-process bus, in-process emulator)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bb-messaging-'));
  let w: EmulatorWorld;
  let ch: JungleChannel;

  beforeAll(async () => {
    w = await EmulatorWorld.startEmbedded(dataDir);
    ch = await w.channel();
  });
  afterAll(async () => {
    await w.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('carries a conversation both ways, in order, through a platform outage', async () => {
    const events = Array.from({ length: 20 }, (_, i) => simbaSays(`emb-${i}`, 'emb-thread', `message ${i}`).events[0]);
    expect((await w.webhook(ch, { events: events.slice(0, 10) })).status).toBe(202);
    expect((await w.webhook(ch, { events: [...events.slice(10), { type: 'typing', threadId: 'emb-thread', on: true }] })).status).toBe(202);

    const c = await w.dfo.waitForCase('emb-thread', ch.dfoChannelId);
    const inbound = await waitFor(async () => {
      const list = (await w.dfo.caseDetail(c.id)).messages.filter((m) => m.direction === 'inbound');
      return list.length === 20 ? list : undefined;
    }, 'all 20 messages at DFO', 30000);
    expect(inbound.map((m) => m.idOnExternalPlatform)).toEqual(events.map((e) => e.id));

    ch.platform.fail(503, { times: 2 });
    const since = await w.dfo.lastCallId();
    const reply = await w.dfo.reply(c.id, 'Hello from the embedded jungle');
    expect(reply.agentDelivery).toMatchObject({ state: 'sent', httpStatus: 200 });
    // DFO's way in: the first reply goes out without a token, gets 401, fetches one from our real token endpoint
    // with the integration's client credentials, and is retried once.
    const outbound = `${w.t.url}/integration/box/2.0/channel/${ch.dfoChannelId}/outbound`;
    const calls = await w.dfo.calls({ direction: 'out', afterId: since });
    expect(calls.map((call) => [call.context?.action, call.status, call.path])).toEqual([
      ['reply', 401, outbound],
      ['token', 200, `${w.t.url}/integration/box/1.0/token`],
      ['reply', 200, outbound],
    ]);
    await ch.platform.waitFor((r) => r.body.id === reply.idOnExternalPlatform && r.n > 2, 15000);
    const statuses = await w.dfo.waitForDeliveryStatuses(c.id, reply.idOnExternalPlatform, 15000);
    expect(statuses.map((s) => s.status)).toEqual(['delivered']);
    expect((await w.messages(ch)).filter((m) => m.status === 'sent_to_dfo')).toHaveLength(20);
  });
});
