import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startStandaloneEmulator, StandaloneEmulator } from '../emulators/dfo/standalone';
import { bearer } from './support/admin-api';
import { EmulatorClient } from './support/emulator';
import { FakePlatform, signedWebhook } from './support/fake-platform';
import { deleteBrands } from './support/lifecycle-fixtures';
import { LifecycleWorld, setUpLifecycleWorld } from './support/lifecycle-world';
import { startTestApp, TestApp } from './support/test-app';
import { sleep, waitFor } from './support/wait';

/**
 * The lifecycle inside real conversations: the end user writes through the webhook adapter, the agent answers from
 * the DFO emulator, and the channels run at 2 s idle / 2 s countdown. Covers resuming during the countdown, a `left`
 * event (inactivity, not a close), and what follows an agent's close under `block` and `new_thread`, including the
 * inbound path's own stale-status check when the sync loop has not run yet.
 */
const TIMINGS = { idleTimeoutSeconds: 2, closeCountdownSeconds: 2, idleWarningText: 'Still there?', closedText: 'This chat has ended.' };

describe.each([
  ['the sync loop', { CASE_SYNC_INTERVAL_MS: '200', CASE_STATUS_STALE_S: '30' }],
  ['the inbound stale-status check', { CASE_SYNC_INTERVAL_MS: '600000', CASE_STATUS_STALE_S: '0' }],
])('lifecycle in a conversation (agent closes seen by %s)', (_, caseSync) => {
  let t: TestApp;
  let ds: DataSource;
  let platform: FakePlatform;
  let emu: StandaloneEmulator;
  let dfo: EmulatorClient;
  const secret = randomBytes(24).toString('hex');
  const worlds: LifecycleWorld[] = [];

  beforeAll(async () => {
    platform = await FakePlatform.start({ secrets: secret });
    emu = await startStandaloneEmulator();
    dfo = new EmulatorClient(emu.url);
    t = await startTestApp({ LIFECYCLE_TICK_MS: '100', OUTBOX_SWEEP_INTERVAL_MS: '200', ...caseSync }, { listen: true });
    ds = t.app.get(DataSource);
  });

  afterAll(async () => {
    await deleteBrands(ds, worlds.map((w) => w.brandId));
    await t.close();
    await platform.close();
    await emu.close();
  });

  async function world(settings: Record<string, unknown> = {}): Promise<LifecycleWorld> {
    const made = await setUpLifecycleWorld(
      async (path, body) => {
        const res = await t.app.inject({ method: 'POST', url: path, headers: bearer(), payload: body });
        if (res.statusCode !== 201) throw new Error(`POST ${path} answered ${res.statusCode}: ${res.body}`);
        return res.json();
      },
      dfo,
      { outboundUrl: platform.url, signingSecret: secret, settings: { ...TIMINGS, ...settings } },
      t.url,
    );
    worlds.push(made);
    return made;
  }

  async function platformSends(w: LifecycleWorld, events: object[]): Promise<void> {
    const { headers, payload } = signedWebhook(secret, { events });
    const res = await t.app.inject({ method: 'POST', url: w.webhookPath, headers, payload });
    expect(res.statusCode).toBe(202);
  }

  const endUserWrites = (w: LifecycleWorld, threadId: string, text: string) =>
    platformSends(w, [{ type: 'message', id: `m-${randomUUID()}`, threadId, createdAt: new Date().toISOString(), author: { id: `u-${threadId}`, firstName: 'Simba' }, text }]);

  const seen = (threadId: string, type: string) => platform.requests.filter((r) => r.body.threadId === threadId && r.body.type === type);

  /** The end user opens a conversation and the agent answers it; the idle clock then runs. */
  async function conversation(w: LifecycleWorld) {
    const threadId = `wh-${randomBytes(5).toString('hex')}`;
    await endUserWrites(w, threadId, 'Hello, my order is late');
    const dfoCase = await dfo.waitForCase(threadId, w.dfoChannelId);
    await dfo.reply(dfoCase.id, 'Let me check that for you');
    await platform.waitFor((r) => r.body.threadId === threadId && r.body.type === 'message');
    const [thread] = await ds.query('SELECT id FROM threads WHERE brand_id = $1 AND id_on_external_platform = $2', [w.brandId, threadId]);
    return { threadId, caseId: dfoCase.id, id: thread.id as string };
  }

  const timeline = async (id: string) =>
    ((await t.app.inject({ method: 'GET', url: `/api/v1/threads/${id}/events?limit=200`, headers: bearer() })).json().data as { type: string; data: Record<string, unknown> }[]).map((e) => e.type);

  it('cancels the countdown when the end user writes during it (conversation.resumed), and the message reaches the agent', async () => {
    const w = await world();
    const c = await conversation(w);
    const warning = await platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.idle_warning');

    await endUserWrites(w, c.threadId, 'Still here!');
    await platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.resumed');
    await sleep(Math.max(0, Date.parse(String(warning.body.closesAt)) - Date.now()) + 1000);

    expect(seen(c.threadId, 'conversation.closed')).toEqual([]);
    const [row] = await ds.query('SELECT status, close_deadline_at FROM threads WHERE id = $1', [c.id]);
    expect(row.status).toBe('open');
    await waitFor(async () => (await dfo.caseDetail(c.caseId)).messages.some((m) => m.text === 'Still here!'), 'the message at the agent');
    expect(await timeline(c.id)).toEqual(expect.arrayContaining(['idle_warning', 'resumed']));
    expect((await timeline(c.id)).indexOf('resumed')).toBeGreaterThan((await timeline(c.id)).indexOf('idle_warning'));
  });

  it('treats a left event as inactivity: no close until the idle warning and its countdown have run', async () => {
    const w = await world();
    const c = await conversation(w);
    const leftAt = Date.now();
    await platformSends(w, [{ type: 'left', threadId: c.threadId }]);

    const closed = await platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.closed', 15_000);
    expect(closed.body.reason).toBe('idle_timeout');
    expect(seen(c.threadId, 'conversation.idle_warning')).toHaveLength(1);
    expect(seen(c.threadId, 'conversation.idle_warning')[0]!.receivedAt.getTime()).toBeLessThan(closed.receivedAt.getTime());
    expect(closed.receivedAt.getTime() - leftAt).toBeGreaterThanOrEqual(2000);
    await waitFor(async () => (await dfo.caseDetail(c.caseId)).case.status === 'closed', 'the case closed in DFO');
  });

  it('under block: the agent closes the case, the platform is told, and the next message is blocked with closedText', async () => {
    const w = await world({ idleTimeoutSeconds: 600, afterAgentClose: 'block' });
    const c = await conversation(w);
    await dfo.setStatus(c.caseId, 'closed');
    if (caseSync.CASE_SYNC_INTERVAL_MS === '200') {
      await platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.closed' && r.body.reason === 'agent');
    }
    const messagesBefore = (await dfo.caseDetail(c.caseId)).messages.length;

    await endUserWrites(w, c.threadId, 'Wait, one more thing!');

    await platform.waitFor((r) => r.body.threadId === c.threadId && r.body.text === 'This chat has ended.' && r.body.type !== 'conversation.idle_warning');
    await waitFor(async () => (await dfo.caseDetail(c.caseId)).case.thread.canAddMoreMessages === false, 'the DFO thread locked');
    const messages = (await t.app.inject({ method: 'GET', url: `/api/v1/threads/${c.id}/messages`, headers: bearer() })).json().data as { status: string; content: { payload: { text?: string } } }[];
    expect(messages.find((m) => m.content.payload.text === 'Wait, one more thing!')?.status).toBe('blocked');
    await sleep(500);
    expect((await dfo.caseDetail(c.caseId)).messages).toHaveLength(messagesBefore);
    expect(await dfo.cases({ channelId: w.dfoChannelId })).toHaveLength(1);
    const [row] = await ds.query('SELECT status, closed_reason FROM threads WHERE id = $1', [c.id]);
    expect(row).toEqual({ status: 'closed', closed_reason: 'agent' });
    expect(await timeline(c.id)).toEqual(expect.arrayContaining(['case_status', 'closed', 'message.blocked']));
  });

  it('under new_thread: the next message after the agent closed starts a new thread, and DFO opens a new case', async () => {
    const w = await world({ idleTimeoutSeconds: 600, afterAgentClose: 'new_thread' });
    const c = await conversation(w);
    await dfo.setStatus(c.caseId, 'closed');
    if (caseSync.CASE_SYNC_INTERVAL_MS === '200') {
      await platform.waitFor((r) => r.body.threadId === c.threadId && r.body.type === 'conversation.closed' && r.body.reason === 'agent');
    }

    await endUserWrites(w, c.threadId, 'New question');

    const second = await waitFor(async () => (await dfo.cases({ channelId: w.dfoChannelId })).find((k) => k.id !== c.caseId), 'a second case');
    expect(second.thread.idOnExternalPlatform).not.toBe(c.threadId);
    expect((await dfo.caseDetail(second.id)).messages.map((m) => m.text)).toEqual(['New question']);
    const threads = await ds.query('SELECT status, closed_reason FROM threads WHERE brand_id = $1 AND id_on_external_platform = $2 ORDER BY created_at', [w.brandId, c.threadId]);
    expect(threads).toEqual([
      { status: 'closed', closed_reason: 'agent' },
      { status: 'open', closed_reason: null },
    ]);
  });
});
