import { randomBytes } from 'node:crypto';
import { bearer } from './support/admin-api';
import { connectTestDatabase } from './support/database';
import { EmulatorWorld, FAST_LIFECYCLE, JungleChannel } from './support/emulator-world';
import { PlatformRequest } from './support/fake-platform';
import { insertThread } from './support/fixtures';
import { runOutCountdown } from './support/lifecycle-deadlines';
import { outboxSettled } from './support/outbox-rows';
import { waitFor } from './support/wait';

/**
 * The conversation lifecycle end to end against the DFO emulator. Threads are inserted as the inbound pipeline leaves
 * them after the agent's last message: idle clock running, case opened in DFO.
 *
 * The first story is the suite's one real-time lifecycle story: a channel set to 2 s idle and a 2 s countdown
 * (settings only; the code paths are production's), run by the real scheduler. The others drive the deadlines
 * instead of waiting for them (`lifecycle-deadlines.ts`), and tell "nothing else happened" from the outbox rows.
 */
const TEXTS = { idleWarningText: 'Still there?', closedText: 'Chat closed.' };

describe('conversation lifecycle', () => {
  let w: EmulatorWorld;
  let realTime: JungleChannel;
  let longCountdown: JungleChannel;

  beforeAll(async () => {
    w = await EmulatorWorld.start({ ...FAST_LIFECYCLE, CASE_STATUS_STALE_S: '0' });
    realTime = await w.channel({ settings: { idleTimeoutSeconds: 2, closeCountdownSeconds: 2, ...TEXTS } });
    longCountdown = await w.channel({ settings: { idleTimeoutSeconds: 600, closeCountdownSeconds: 600, ...TEXTS } });
  });
  afterAll(() => w.close());

  const forThread = (ch: JungleChannel, externalId: string, type: string) => ch.platform.requests.filter((r) => r.body.threadId === externalId && r.body.type === type);
  const statusCalls = (caseId: string) => w.dfo.calls({ direction: 'in', method: 'PUT', path: `/dfo/3.0/contacts/${caseId}/status` });
  const caseReads = async (caseId: string) => (await w.dfo.calls({ direction: 'in', method: 'GET', path: `/dfo/3.0/contacts/${caseId}` })).length;
  const caseOf = async (caseId: string) => (await w.dfo.caseDetail(caseId)).case;
  const timeline = async (id: string) =>
    (await w.t.app.inject({ method: 'GET', url: `/api/v1/threads/${id}/events`, headers: bearer() })).json().data as { type: string; data: Record<string, unknown> }[];

  async function abandonedThread(ch: JungleChannel, idleDeadlineAt: Date, lastAgentActivityAt?: Date) {
    const externalId = `wh-${randomBytes(6).toString('hex')}`;
    const caseId = await w.openCase(ch, externalId);
    const thread = await insertThread(w.db, { brandId: ch.brandId, channelId: ch.channelId, externalId, dfoContactId: caseId, dfoCaseStatus: 'new', idleDeadlineAt, lastAgentActivityAt });
    return { ...thread, caseId };
  }

  it('warns once and closes once an abandoned conversation, about 4 s after the agent’s last message, and DFO sees the case closed', async () => {
    const agentMessageAt = new Date();
    const thread = await abandonedThread(realTime, new Date(agentMessageAt.getTime() + 2000), agentMessageAt);

    const closed = await realTime.platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed', 15_000);
    // The close wrote the platform event and the DFO status in one transaction: once both are done, nothing more can come.
    expect(await outboxSettled(w.db, { threadId: thread.id })).toEqual({ 'dfo.case_status done': 1, 'platform.event done': 2 });
    expect((await caseOf(thread.caseId)).status).toBe('closed');

    const warnings = forThread(realTime, thread.externalId, 'conversation.idle_warning');
    expect(warnings).toHaveLength(1);
    expect(forThread(realTime, thread.externalId, 'conversation.closed')).toHaveLength(1);
    const warning = warnings[0] as PlatformRequest;
    expect(warning.body).toEqual({ type: 'conversation.idle_warning', threadId: thread.externalId, text: 'Still there?', closesAt: expect.any(String) });
    expect(warning.signatureValid).toBe(true);
    expect(closed.body).toEqual({ type: 'conversation.closed', threadId: thread.externalId, reason: 'idle_timeout', text: 'Chat closed.' });
    // Never early: the warning waits for the idle deadline, the close for the countdown announced in the warning.
    expect(warning.receivedAt.getTime()).toBeGreaterThanOrEqual(agentMessageAt.getTime() + 2000);
    expect(closed.receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(String(warning.body.closesAt)));
    expect(closed.receivedAt.getTime() - agentMessageAt.getTime()).toBeLessThan(10_000);

    const calls = await statusCalls(thread.caseId);
    expect(calls.map((c) => [c.requestBody, c.status])).toEqual([[{ status: 'closed' }, 204]]);

    const [row] = await w.query('SELECT status, closed_reason, idle_deadline_at, close_deadline_at FROM threads WHERE id = $1', [thread.id]);
    expect(row).toEqual({ status: 'closed', closed_reason: 'idle_timeout', idle_deadline_at: null, close_deadline_at: null });
    expect((await timeline(thread.id)).map((e) => [e.type, e.data.reason])).toEqual([
      ['idle_warning', undefined],
      ['closed', 'idle_timeout'],
    ]);
  });

  it('closes a conversation whose countdown ran out while no instance was running, once, without warning again', async () => {
    const thread = await abandonedThread(longCountdown, new Date(Date.now() - 1000));
    const warning = await longCountdown.platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.idle_warning');
    // The countdown had barely begun when the only instance stopped.
    expect(Date.parse(String(warning.body.closesAt)) - warning.receivedAt.getTime()).toBeGreaterThan(590_000);

    await w.restartApp(async () => {
      const db = await connectTestDatabase();
      await runOutCountdown(db, { id: thread.id }).finally(() => db.end());
    });

    const closed = await longCountdown.platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed');
    expect(closed.body).toMatchObject({ reason: 'idle_timeout' });
    expect(await outboxSettled(w.db, { threadId: thread.id })).toEqual({ 'dfo.case_status done': 1, 'platform.event done': 2 });
    expect(forThread(longCountdown, thread.externalId, 'conversation.idle_warning')).toHaveLength(1);
    expect(forThread(longCountdown, thread.externalId, 'conversation.closed')).toHaveLength(1);
    expect(await statusCalls(thread.caseId)).toHaveLength(1);
    expect((await caseOf(thread.caseId)).status).toBe('closed');
  });

  it('closes a conversation the agent ended in DFO: reason agent, the DFO thread locked, the platform told', async () => {
    const farAway = new Date(Date.now() + 600_000);
    const thread = await abandonedThread(longCountdown, farAway);
    // An open conversation next to it: its reads show the case sync still going round after the close.
    const neighbour = await abandonedThread(longCountdown, farAway);
    await w.dfo.waitForCall({ direction: 'in', method: 'GET', path: `/dfo/3.0/contacts/${thread.caseId}` });

    await w.dfo.setStatus(thread.caseId, 'closed');
    const closed = await longCountdown.platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed');
    await waitFor(async () => (await caseOf(thread.caseId)).thread.canAddMoreMessages === false, 'the DFO thread locked');

    expect(closed.body).toEqual({ type: 'conversation.closed', threadId: thread.externalId, reason: 'agent', text: 'Chat closed.' });
    const [row] = await w.query('SELECT status, closed_reason, dfo_case_status FROM threads WHERE id = $1', [thread.id]);
    expect(row).toEqual({ status: 'closed', closed_reason: 'agent', dfo_case_status: 'closed' });
    expect((await timeline(thread.id)).map((e) => [e.type, e.data.to ?? e.data.reason])).toEqual([
      ['case_status', 'closed'],
      ['closed', 'agent'],
    ]);
    // The agent's close is not repeated by us: the platform was told and the DFO thread locked, and no status set.
    expect(await outboxSettled(w.db, { threadId: thread.id })).toEqual({ 'dfo.thread_update done': 1, 'platform.event done': 1 });
    expect(await statusCalls(thread.caseId)).toHaveLength(0);
    // A closed thread is not read again: two more rounds read the open neighbour, and not the closed case.
    const reads = await caseReads(thread.caseId);
    const neighbourReads = await caseReads(neighbour.caseId);
    await waitFor(async () => (await caseReads(neighbour.caseId)) >= neighbourReads + 2, 'two more case-sync rounds');
    expect(await caseReads(thread.caseId)).toBe(reads);
  });
});
