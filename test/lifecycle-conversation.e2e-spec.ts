import { randomBytes, randomUUID } from 'node:crypto';
import { bearer } from './support/admin-api';
import { EmulatorWorld, JungleChannel, simbaSays } from './support/emulator-world';
import { runOutCountdown, runOutIdleTimeout } from './support/lifecycle-deadlines';
import { outboxSettled } from './support/outbox-rows';
import { waitFor } from './support/wait';

/**
 * The lifecycle inside real conversations: the end user writes through the webhook adapter, the agent answers from
 * the DFO emulator. Covers resuming during the countdown, a `left` event (inactivity, not a close), and what follows
 * an agent's close under `block` and `new_thread`, including the inbound path's own stale-status check when the
 * sync loop has not run yet. The idle timeout and the countdown are driven (`lifecycle-deadlines.ts`), not waited
 * for: `lifecycle.e2e-spec.ts` has the real-time story.
 */
const SETTINGS = { idleTimeoutSeconds: 600, closeCountdownSeconds: 600, idleWarningText: 'Still there?', closedText: 'This chat has ended.' };

describe.each([
  ['the sync loop', { CASE_SYNC_INTERVAL_MS: '200', CASE_STATUS_STALE_S: '30' }],
  ['the inbound stale-status check', { CASE_SYNC_INTERVAL_MS: '600000', CASE_STATUS_STALE_S: '0' }],
])('lifecycle in a conversation (agent closes seen by %s)', (_, caseSync) => {
  let w: EmulatorWorld;

  beforeAll(async () => {
    w = await EmulatorWorld.start({ LIFECYCLE_TICK_MS: '100', ...caseSync });
  });
  afterAll(() => w.close());

  const channel = (settings: Record<string, unknown> = {}) => w.channel({ settings: { ...SETTINGS, ...settings } });

  async function platformSends(ch: JungleChannel, events: object[]): Promise<void> {
    expect((await w.webhook(ch, { events })).status).toBe(202);
  }

  const endUserWrites = (ch: JungleChannel, threadId: string, text: string) =>
    platformSends(ch, simbaSays(`m-${randomUUID()}`, threadId, text, { id: `u-${threadId}`, firstName: 'Simba' }).events);

  const seen = (ch: JungleChannel, threadId: string, type: string) => ch.platform.requests.filter((r) => r.body.threadId === threadId && r.body.type === type);
  const threadRow = async (id: string) =>
    (await w.query<{ status: string; closed_reason: string | null; idle_deadline_at: Date | null; close_deadline_at: Date | null }>(
      'SELECT status, closed_reason, idle_deadline_at, close_deadline_at FROM threads WHERE id = $1',
      [id],
    ))[0]!;

  /** The end user opens a conversation and the agent answers it; the idle clock then runs. */
  async function conversation(ch: JungleChannel) {
    const threadId = `wh-${randomBytes(5).toString('hex')}`;
    await endUserWrites(ch, threadId, 'Hello, my order is late');
    const dfoCase = await w.dfo.waitForCase(threadId, ch.dfoChannelId);
    await w.dfo.reply(dfoCase.id, 'Let me check that for you');
    await ch.platform.waitFor((r) => r.body.threadId === threadId && r.body.type === 'message');
    const [thread] = await w.query<{ id: string }>('SELECT id FROM threads WHERE brand_id = $1 AND id_on_external_platform = $2', [ch.brandId, threadId]);
    return { threadId, caseId: dfoCase.id, id: thread!.id };
  }

  const timeline = async (id: string) =>
    ((await w.t.app.inject({ method: 'GET', url: `/api/v1/threads/${id}/events?limit=200`, headers: bearer() })).json().data as { type: string }[]).map((e) => e.type);

  it('cancels the countdown when the end user writes during it (conversation.resumed), and the message reaches the agent', async () => {
    const ch = await channel();
    const c = await conversation(ch);
    await runOutIdleTimeout(w.db, { id: c.id });
    await ch.platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.idle_warning');

    await endUserWrites(ch, c.threadId, 'Still here!');
    await ch.platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.resumed');

    // No countdown is left for the close sweep to find, and the outbox holds no close.
    expect(await threadRow(c.id)).toMatchObject({ status: 'open', close_deadline_at: null });
    await waitFor(async () => (await w.dfo.caseDetail(c.caseId)).messages.some((m) => m.text === 'Still here!'), 'the message at the agent');
    expect(await outboxSettled(w.db, { threadId: c.id })).toMatchObject({ 'platform.event done': 2 });
    expect(seen(ch, c.threadId, 'conversation.closed')).toEqual([]);
    const events = await timeline(c.id);
    expect(events).toEqual(expect.arrayContaining(['idle_warning', 'resumed']));
    expect(events.indexOf('resumed')).toBeGreaterThan(events.indexOf('idle_warning'));
    expect(events).not.toContain('closed');
  });

  it('treats a left event as inactivity: no close until the idle warning and its countdown have run', async () => {
    const ch = await channel();
    const c = await conversation(ch);
    const before = await threadRow(c.id);
    await platformSends(ch, [{ type: 'left', threadId: c.threadId }]);

    // Still open, the idle clock where the agent's message set it, nothing for the platform.
    expect(await threadRow(c.id)).toEqual({ status: 'open', closed_reason: null, idle_deadline_at: before.idle_deadline_at, close_deadline_at: null });
    expect(await outboxSettled(w.db, { threadId: c.id })).not.toHaveProperty(['platform.event done']);

    await runOutIdleTimeout(w.db, { id: c.id });
    await runOutCountdown(w.db, { id: c.id });
    const closed = await ch.platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.closed');
    expect(closed.body.reason).toBe('idle_timeout');
    expect(seen(ch, c.threadId, 'conversation.idle_warning')).toHaveLength(1);
    expect(seen(ch, c.threadId, 'conversation.idle_warning')[0]!.n).toBeLessThan(closed.n);
    await waitFor(async () => (await w.dfo.caseDetail(c.caseId)).case.status === 'closed', 'the case closed in DFO');
  });

  /** A conversation the agent then closed in DFO; the sync loop, when it runs, has told the platform. */
  async function agentClosedConversation(afterAgentClose: 'block' | 'new_thread') {
    const ch = await channel({ afterAgentClose });
    const c = await conversation(ch);
    await w.dfo.setStatus(c.caseId, 'closed');
    if (caseSync.CASE_SYNC_INTERVAL_MS === '200') {
      await ch.platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.closed' && r.body.reason === 'agent');
    }
    return { ch, c };
  }

  it('under block: the agent closes the case, the platform is told, and the next message is blocked with closedText', async () => {
    const { ch, c } = await agentClosedConversation('block');
    const messagesBefore = (await w.dfo.caseDetail(c.caseId)).messages.length;

    await endUserWrites(ch, c.threadId, 'Wait, one more thing!');

    await ch.platform.waitFor((r) => r.body.threadId === c.threadId && r.body.text === 'This chat has ended.' && r.body.type !== 'conversation.idle_warning');
    await waitFor(async () => (await w.dfo.caseDetail(c.caseId)).case.thread.canAddMoreMessages === false, 'the DFO thread locked');
    const messages = (await w.t.app.inject({ method: 'GET', url: `/api/v1/threads/${c.id}/messages`, headers: bearer() })).json().data as { status: string; content: { payload: { text?: string } } }[];
    expect(messages.find((m) => m.content.payload.text === 'Wait, one more thing!')?.status).toBe('blocked');
    // Only the first message reached DFO (asserted below). When the sync loop saw the close first, the blocked message
    // was blocked on arrival and has no delivery; when the close is only seen as it is about to go (the stale-status
    // check runs before forwarding, never while the platform waits), its delivery ends without calling DFO.
    const seenBeforeArrival = caseSync.CASE_SYNC_INTERVAL_MS === '200';
    expect(await outboxSettled(w.db, { threadId: c.id })).toMatchObject({ 'dfo.create_message done': seenBeforeArrival ? 1 : 2 });
    expect((await w.dfo.caseDetail(c.caseId)).messages).toHaveLength(messagesBefore);
    expect(await w.dfo.cases({ channelId: ch.dfoChannelId })).toHaveLength(1);
    expect(await threadRow(c.id)).toMatchObject({ status: 'closed', closed_reason: 'agent' });
    expect(await timeline(c.id)).toEqual(expect.arrayContaining(['case_status', 'closed', 'message.blocked']));
  });

  it('under new_thread: the next message after the agent closed starts a new thread, and DFO opens a new case', async () => {
    const { ch, c } = await agentClosedConversation('new_thread');
    await endUserWrites(ch, c.threadId, 'New question');

    const second = await waitFor(async () => (await w.dfo.cases({ channelId: ch.dfoChannelId })).find((k) => k.id !== c.caseId), 'a second case');
    expect(second.thread.idOnExternalPlatform).not.toBe(c.threadId);
    expect((await w.dfo.caseDetail(second.id)).messages.map((m) => m.text)).toEqual(['New question']);
    const threads = await w.query('SELECT status, closed_reason FROM threads WHERE brand_id = $1 AND id_on_external_platform = $2 ORDER BY created_at', [ch.brandId, c.threadId]);
    expect(threads).toEqual([
      { status: 'closed', closed_reason: 'agent' },
      { status: 'open', closed_reason: null },
    ]);
  });
});
