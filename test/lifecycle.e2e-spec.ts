import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startStandaloneEmulator, StandaloneEmulator } from '../emulators/dfo/standalone';
import { bearer } from './support/admin-api';
import { EmulatorClient } from './support/emulator';
import { FakePlatform, PlatformRequest } from './support/fake-platform';
import { deleteBrands, insertThread } from './support/lifecycle-fixtures';
import { LifecycleWorld, setUpLifecycleWorld } from './support/lifecycle-world';
import { startTestApp, TestApp } from './support/test-app';
import { sleep, waitFor } from './support/wait';

/**
 * The conversation lifecycle end to end against the DFO emulator, with a channel set to 2 s idle and a 2 s countdown
 * (settings only; the code paths are production's): the platform sees exactly one warning and one close, DFO sees
 * the case closed once, and the timeline tells it in order. Threads are inserted as the inbound pipeline leaves them
 * after the agent's last message: idle clock running, case opened in DFO.
 */
const FAST = { LIFECYCLE_TICK_MS: '100', CASE_SYNC_INTERVAL_MS: '200', CASE_STATUS_STALE_S: '0', OUTBOX_SWEEP_INTERVAL_MS: '200' };

describe('conversation lifecycle', () => {
  let t: TestApp;
  let ds: DataSource;
  let platform: FakePlatform;
  let emu: StandaloneEmulator;
  let dfo: EmulatorClient;
  let world: LifecycleWorld;
  const secret = randomBytes(24).toString('hex');

  beforeAll(async () => {
    platform = await FakePlatform.start({ secrets: secret });
    emu = await startStandaloneEmulator();
    dfo = new EmulatorClient(emu.url);
    t = await startTestApp(FAST);
    ds = t.app.get(DataSource);
    world = await setUpLifecycleWorld(
      async (path, body) => {
        const res = await t.app.inject({ method: 'POST', url: path, headers: bearer(), payload: body });
        if (res.statusCode !== 201) throw new Error(`POST ${path} answered ${res.statusCode}: ${res.body}`);
        return res.json();
      },
      dfo,
      { outboundUrl: platform.url, signingSecret: secret, settings: { idleTimeoutSeconds: 2, closeCountdownSeconds: 2, idleWarningText: 'Still there?', closedText: 'Chat closed.' } },
    );
  });

  afterAll(async () => {
    await deleteBrands(ds, [world.brandId]);
    await t?.close();
    await platform.close();
    await emu.close();
  });

  const forThread = (externalId: string, type: string) => platform.requests.filter((r) => r.body.threadId === externalId && r.body.type === type);
  const statusCalls = (caseId: string) => dfo.calls({ direction: 'in', method: 'PUT', path: `/dfo/3.0/contacts/${caseId}/status` });
  const caseOf = async (caseId: string) => (await dfo.caseDetail(caseId)).case;

  async function abandonedThread(idleDeadlineAt: Date, lastAgentActivityAt?: Date) {
    const externalId = `wh-${randomBytes(6).toString('hex')}`;
    const caseId = await world.openCase(externalId);
    const thread = await insertThread(ds, { brandId: world.brandId, channelId: world.channelId, externalId, dfoContactId: caseId, dfoCaseStatus: 'new', idleDeadlineAt, lastAgentActivityAt });
    return { ...thread, caseId };
  }

  it('warns once and closes once an abandoned conversation, about 4 s after the agent’s last message, and DFO sees the case closed', async () => {
    const agentMessageAt = new Date();
    const thread = await abandonedThread(new Date(agentMessageAt.getTime() + 2000), agentMessageAt);

    const closed = await platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed', 15_000);
    await waitFor(async () => (await caseOf(thread.caseId)).status === 'closed', 'the case closed in DFO');
    await sleep(600); // room for a duplicate to show up, were there one

    const warnings = forThread(thread.externalId, 'conversation.idle_warning');
    expect(warnings).toHaveLength(1);
    expect(forThread(thread.externalId, 'conversation.closed')).toHaveLength(1);
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

    const [row] = await ds.query('SELECT status, closed_reason, idle_deadline_at, close_deadline_at FROM threads WHERE id = $1', [thread.id]);
    expect(row).toEqual({ status: 'closed', closed_reason: 'idle_timeout', idle_deadline_at: null, close_deadline_at: null });
    const events = await t.app.inject({ method: 'GET', url: `/api/v1/threads/${thread.id}/events`, headers: bearer() });
    expect(events.json().data.map((e: { type: string; data: { reason?: string } }) => [e.type, e.data.reason])).toEqual([
      ['idle_warning', undefined],
      ['closed', 'idle_timeout'],
    ]);
  });

  it('closes on time across a restart in the middle of the countdown, still once', async () => {
    const thread = await abandonedThread(new Date());
    const warning = await platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.idle_warning');
    await t.close();
    // The only instance is gone before the countdown is over.
    expect(Date.now()).toBeLessThan(Date.parse(String(warning.body.closesAt)));

    t = await startTestApp(FAST);
    ds = t.app.get(DataSource);
    const closed = await platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed', 15_000);
    await waitFor(async () => (await caseOf(thread.caseId)).status === 'closed', 'the case closed in DFO');
    await sleep(600);

    expect(closed.receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(String(warning.body.closesAt)));
    expect(forThread(thread.externalId, 'conversation.idle_warning')).toHaveLength(1);
    expect(forThread(thread.externalId, 'conversation.closed')).toHaveLength(1);
    expect(await statusCalls(thread.caseId)).toHaveLength(1);
  });

  it('closes a conversation the agent ended in DFO: reason agent, the DFO thread locked, the platform told', async () => {
    const thread = await abandonedThread(new Date(Date.now() + 600_000));
    await dfo.waitForCall({ direction: 'in', method: 'GET', path: `/dfo/3.0/contacts/${thread.caseId}` });

    await dfo.setStatus(thread.caseId, 'closed');
    const closed = await platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed');
    await waitFor(async () => (await caseOf(thread.caseId)).thread.canAddMoreMessages === false, 'the DFO thread locked');

    expect(closed.body).toEqual({ type: 'conversation.closed', threadId: thread.externalId, reason: 'agent', text: 'Chat closed.' });
    const [row] = await ds.query('SELECT status, closed_reason, dfo_case_status FROM threads WHERE id = $1', [thread.id]);
    expect(row).toEqual({ status: 'closed', closed_reason: 'agent', dfo_case_status: 'closed' });
    const events = await t.app.inject({ method: 'GET', url: `/api/v1/threads/${thread.id}/events`, headers: bearer() });
    expect(events.json().data.map((e: { type: string; data: Record<string, unknown> }) => [e.type, e.data.to ?? e.data.reason])).toEqual([
      ['case_status', 'closed'],
      ['closed', 'agent'],
    ]);
    // A closed thread is not read again, and the agent's close is not repeated by us.
    const reads = (await dfo.calls({ direction: 'in', method: 'GET', path: `/dfo/3.0/contacts/${thread.caseId}` })).length;
    await sleep(800);
    expect(await dfo.calls({ direction: 'in', method: 'GET', path: `/dfo/3.0/contacts/${thread.caseId}` })).toHaveLength(reads);
    expect(await statusCalls(thread.caseId)).toHaveLength(0);
  });
});
