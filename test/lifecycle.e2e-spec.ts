import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, createBrand, createChannel, createIntegration } from './support/admin-api';
import { FakeDfoServer } from './support/fake-dfo-server';
import { FakePlatform, PlatformRequest } from './support/fake-platform';
import { deleteBrands, insertThread } from './support/lifecycle-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { sleep, waitFor } from './support/wait';

/**
 * The conversation lifecycle end to end, with a channel set to 2 s idle and a 2 s countdown (settings only, the code
 * paths are production's): the platform sees exactly one warning and one close, DFO sees the case closed once, and
 * the timeline tells it in order. Threads are inserted as the inbound pipeline leaves them after the agent's last
 * message (idle clock running, case number known).
 */
const FAST = { LIFECYCLE_TICK_MS: '100', CASE_SYNC_INTERVAL_MS: '200', CASE_STATUS_STALE_S: '0', OUTBOX_SWEEP_INTERVAL_MS: '200' };

describe('conversation lifecycle', () => {
  let t: TestApp;
  let ds: DataSource;
  let platform: FakePlatform;
  let dfo: FakeDfoServer;
  const secret = randomBytes(24).toString('hex');
  const brandIds: string[] = [];
  let brandId: string;
  let channelId: string;
  let dfoChannelId: string;

  beforeAll(async () => {
    platform = await FakePlatform.start({ secrets: secret });
    dfo = await new FakeDfoServer().start();
    t = await startTestApp(FAST);
    ds = t.app.get(DataSource);
    const brand = await createBrand(t, { dfo: { apiBaseUrl: dfo.apiBaseUrl, authUrl: `${dfo.origin}/auth/token` } });
    brandIds.push(brand.id);
    const integration = await createIntegration(t, brand.id);
    dfoChannelId = `chat_${randomUUID()}`;
    const channel = await createChannel(t, integration.id, {
      dfoChannelId,
      adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] },
      settings: { idleTimeoutSeconds: 2, closeCountdownSeconds: 2, idleWarningText: 'Still there?', closedText: 'Chat closed.' },
    });
    brandId = brand.id;
    channelId = channel.id;
  });

  afterAll(async () => {
    await deleteBrands(ds, brandIds);
    await t?.close();
    await platform.close();
    await dfo.stop();
  });

  const contactNumber = () => String(1_700_000_000_000_000 + Math.floor(Math.random() * 1e12));
  const forThread = (externalId: string, type: string) => platform.requests.filter((r) => r.body.threadId === externalId && r.body.type === type);
  const closeRoute = (contact: string) => dfo.route(`PUT /dfo/3.0/contacts/${contact}/status`, { status: 200 });
  const closesAt = (contact: string) => dfo.requestsTo(`PUT /dfo/3.0/contacts/${contact}/status`);

  it('warns once and closes once an abandoned conversation, about 4 s after the agent’s last message, and DFO sees the case closed', async () => {
    const contact = contactNumber();
    closeRoute(contact);
    const agentMessageAt = new Date();
    const thread = await insertThread(ds, { brandId, channelId, dfoContactId: contact, lastAgentActivityAt: agentMessageAt, idleDeadlineAt: new Date(agentMessageAt.getTime() + 2000) });

    const closed = await platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed', 15_000);
    await waitFor(() => closesAt(contact).length > 0, 'DFO case closed');
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

    expect(closesAt(contact)).toHaveLength(1);
    expect(JSON.parse(closesAt(contact)[0]!.body)).toEqual({ status: 'closed' });

    const [row] = await ds.query('SELECT status, closed_reason, idle_deadline_at, close_deadline_at FROM threads WHERE id = $1', [thread.id]);
    expect(row).toEqual({ status: 'closed', closed_reason: 'idle_timeout', idle_deadline_at: null, close_deadline_at: null });
    const events = await t.app.inject({ method: 'GET', url: `/api/v1/threads/${thread.id}/events`, headers: bearer() });
    expect(events.json().data.map((e: { type: string; data: { reason?: string } }) => [e.type, e.data.reason])).toEqual([
      ['idle_warning', undefined],
      ['closed', 'idle_timeout'],
    ]);
  });

  it('closes on time across a restart in the middle of the countdown, still once', async () => {
    const contact = contactNumber();
    closeRoute(contact);
    const thread = await insertThread(ds, { brandId, channelId, dfoContactId: contact, idleDeadlineAt: new Date() });
    const warning = await platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.idle_warning');
    await t.close();
    // The only instance is gone before the countdown is over.
    expect(Date.now()).toBeLessThan(Date.parse(String(warning.body.closesAt)));

    t = await startTestApp(FAST);
    ds = t.app.get(DataSource);
    const closed = await platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed', 15_000);
    await waitFor(() => closesAt(contact).length > 0, 'DFO case closed');
    await sleep(600);

    expect(closed.receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(String(warning.body.closesAt)));
    expect(forThread(thread.externalId, 'conversation.idle_warning')).toHaveLength(1);
    expect(forThread(thread.externalId, 'conversation.closed')).toHaveLength(1);
    expect(closesAt(contact)).toHaveLength(1);
  });

  it('closes a conversation the agent ended in DFO: reason agent, the DFO thread locked, the platform told', async () => {
    const contact = contactNumber();
    let status = 'open';
    dfo.route(`GET /dfo/3.0/contacts/${contact}`, () => ({ body: { id: contact, status } }));
    dfo.route(`PUT /dfo/3.0/channels/${dfoChannelId}/threads/__REF__`, { status: 200 });
    const thread = await insertThread(ds, { brandId, channelId, dfoContactId: contact, dfoCaseStatus: 'open', idleDeadlineAt: new Date(Date.now() + 600_000) });
    const lock = `PUT /dfo/3.0/channels/${dfoChannelId}/threads/${thread.externalId}`;
    dfo.route(lock, { status: 200 });

    await waitFor(() => dfo.requestsTo(`GET /dfo/3.0/contacts/${contact}`).length > 0, 'a case status read');
    status = 'closed';
    const closed = await platform.waitFor((r) => r.body.threadId === thread.externalId && r.body.type === 'conversation.closed');
    await waitFor(() => dfo.requestsTo(lock).length > 0, 'the DFO thread lock');

    expect(closed.body).toEqual({ type: 'conversation.closed', threadId: thread.externalId, reason: 'agent', text: 'Chat closed.' });
    expect(JSON.parse(dfo.requestsTo(lock)[0]!.body)).toEqual({ canAddMoreMessages: false });
    const [row] = await ds.query('SELECT status, closed_reason, dfo_case_status FROM threads WHERE id = $1', [thread.id]);
    expect(row).toEqual({ status: 'closed', closed_reason: 'agent', dfo_case_status: 'closed' });
    const events = await t.app.inject({ method: 'GET', url: `/api/v1/threads/${thread.id}/events`, headers: bearer() });
    expect(events.json().data.map((e: { type: string; data: Record<string, unknown> }) => [e.type, e.data.to ?? e.data.reason])).toEqual([
      ['case_status', 'closed'],
      ['closed', 'agent'],
    ]);
    // Closed threads are not read again.
    const reads = dfo.requestsTo(`GET /dfo/3.0/contacts/${contact}`).length;
    await sleep(800);
    expect(dfo.requestsTo(`GET /dfo/3.0/contacts/${contact}`)).toHaveLength(reads);
    expect(closesAt(contact)).toHaveLength(0);
  });
});
