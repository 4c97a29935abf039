import { messageEvent, MessagingWorld, WorldChannel } from './support/messaging-world';
import { outboxSettled } from './support/outbox-rows';
import { waitFor } from './support/wait';

describe('messaging: which conversation a message joins, and the idle clock', () => {
  let w: MessagingWorld;

  beforeAll(async () => {
    // Every inbound message has its case checked before it is forwarded, so a close in DFO is seen at once.
    w = await MessagingWorld.start({ CASE_STATUS_STALE_S: '0', LOG_LEVEL: 'warn' });
  });
  afterAll(() => w.close());

  /** A conversation whose case reached DFO, then was closed there by the agent. */
  async function agentClosedConversation(ch: WorldChannel): Promise<string> {
    await w.webhook(ch, [messageEvent('m-1', 't-1', 'I am very angry')]);
    const thread = await waitFor(async () => (await w.threads(ch)).find((t) => t.dfo_contact_id), 'the case number');
    w.dfo.caseStatuses.set(thread.dfo_contact_id!, 'closed');
    return thread.id;
  }

  it('blocks a message on a conversation the agent ended, and tells the end user closedText', async () => {
    const ch = await w.channel({ afterAgentClose: 'block', closedText: 'This chat has ended.' });
    const threadId = await agentClosedConversation(ch);
    const res = await w.webhook(ch, [messageEvent('m-2', 't-1', 'Let me in!')]);
    expect(res.json()).toEqual({ accepted: ['m-2'], duplicates: [] });

    // The case is read before the message would be forwarded (not while the platform waits for its 202).
    const notice = await ch.platform.waitFor((r) => r.body.type === 'message');
    expect(await w.threads(ch)).toEqual([expect.objectContaining({ id: threadId, status: 'closed', closed_reason: 'agent' })]);
    expect(notice.body).toMatchObject({ threadId: 't-1', recipient: { id: 'u-simba' }, text: 'This chat has ended.' });
    const messages = await w.messages(ch);
    expect(messages.find((m) => m.id_on_external_platform === 'm-2')).toMatchObject({ status: 'blocked', thread_id: threadId });
    expect(messages.find((m) => m.author_kind === 'system')).toMatchObject({ direction: 'outbound' });
    // The close is seen when m-2 is about to go (the case check runs before forwarding, not while the platform
    // waits): its delivery ends there without calling DFO. Once the outbox is settled, DFO has seen only the first.
    expect(await outboxSettled(w.db, { channelId: ch.channelId })).toMatchObject({ 'dfo.create_message done': 2 });
    expect(w.dfo.createMessages(ch.dfoChannelId).map((c) => c.body.idOnExternalPlatform)).toEqual(['m-1']);
    const events = await w.query(`SELECT type FROM thread_events WHERE thread_id = $1 ORDER BY id`, [threadId]);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['closed', 'message.blocked']));
  });

  it('starts a new DFO thread (so a new case) after the agent ended one, under new_thread', async () => {
    const ch = await w.channel({ afterAgentClose: 'new_thread' });
    const first = await agentClosedConversation(ch);
    await w.webhook(ch, [messageEvent('m-2', 't-1', 'Me again')]);
    const call = await waitFor(() => w.dfo.createMessages(ch.dfoChannelId).find((c) => c.body.idOnExternalPlatform === 'm-2'), 'the message at DFO');
    expect(call.body.thread).toEqual({ idOnExternalPlatform: 't-1~2' });
    const threads = await w.threads(ch);
    expect(threads).toEqual([
      expect.objectContaining({ id: first, status: 'closed', dfo_thread_ref: 't-1' }),
      expect.objectContaining({ id_on_external_platform: 't-1', dfo_thread_ref: 't-1~2', status: 'open' }),
    ]);
  });

  it('starts a new conversation after an idle close even under block', async () => {
    const ch = await w.channel({ afterAgentClose: 'block' });
    await w.webhook(ch, [messageEvent('m-1', 't-1', 'hello')]);
    await w.query(`UPDATE threads SET status = 'closed', closed_reason = 'idle_timeout', closed_at = now() WHERE channel_id = $1`, [ch.channelId]);
    await w.webhook(ch, [messageEvent('m-2', 't-1', 'back again')]);
    expect((await w.threads(ch)).map((t) => t.dfo_thread_ref)).toEqual(['t-1', 't-1~2']);
  });

  it('resumes a conversation in its idle countdown when the end user shows up', async () => {
    const ch = await w.channel();
    await w.webhook(ch, [messageEvent('m-1', 't-1', 'hello')]);
    const [thread] = await w.threads(ch);
    await w.query(
      `UPDATE threads SET status = 'idle_warning', idle_deadline_at = now() - interval '1 second', close_deadline_at = now() + interval '20 seconds' WHERE id = $1`,
      [thread!.id],
    );
    await w.webhook(ch, [{ type: 'typing', threadId: 't-1', on: true }]);
    const [row] = await w.query<{ status: string; close_deadline_at: Date | null; idle_deadline_at: Date }>(
      `SELECT status, close_deadline_at, idle_deadline_at FROM threads WHERE id = $1`,
      [thread!.id],
    );
    expect(row).toMatchObject({ status: 'open', close_deadline_at: null });
    expect(row!.idle_deadline_at.getTime()).toBeGreaterThan(Date.now() + 60_000);
    const [resumed] = await w.query(`SELECT payload FROM deliveries WHERE thread_id = $1 AND kind = 'platform.event'`, [thread!.id]);
    expect(resumed!.payload).toEqual({ type: 'conversation.resumed', threadId: 't-1' });
    expect((await w.query(`SELECT type FROM thread_events WHERE thread_id = $1 AND type = 'resumed'`, [thread!.id])).length).toBe(1);
  });

  it('refreshes the end user names the platform sends, and starts the idle clock when the end user leaves', async () => {
    const ch = await w.channel();
    await w.webhook(ch, [messageEvent('m-1', 't-1', 'hello', { id: 'u-9', firstName: 'Pumbaa' })]);
    await w.webhook(ch, [messageEvent('m-2', 't-1', 'hello again', { id: 'u-9', firstName: 'Pumbaa', lastName: 'Warthog' })]);
    const call = await waitFor(() => w.dfo.createMessages(ch.dfoChannelId).find((c) => c.body.idOnExternalPlatform === 'm-2'), 'the second message');
    expect(call.body.authorEndUserIdentity).toEqual({ idOnExternalPlatform: 'u-9', firstName: 'Pumbaa', lastName: 'Warthog' });
    expect((await w.threads(ch))[0]!.idle_deadline_at).toBeNull();
    await w.webhook(ch, [{ type: 'left', threadId: 't-1' }]);
    expect((await w.threads(ch))[0]!.idle_deadline_at).not.toBeNull();
  });
});
