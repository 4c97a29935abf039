import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppProcess } from './support/app-process';
import { testDatabaseUrl } from './support/database';
import { FakeDfoServer } from './support/fake-dfo-server';
import { FakePlatform } from './support/fake-platform';
import { TEST_ADMIN_KEY } from './support/test-app';
import { sleep, waitFor } from './support/wait';

const THREADS = 500;

/**
 * Three real app processes against one Postgres, 500 abandoned threads due at once: every thread is warned exactly
 * once and closed exactly once at the platform, and every case is closed exactly once in DFO. Small sweep batches and
 * fast ticks make the instances compete for the same rows.
 */
describe('lifecycle across three instances', () => {
  const apps: AppProcess[] = [];
  let platform: FakePlatform;
  let dfo: FakeDfoServer;
  let db: Client;
  let brandId: string | undefined;
  const secret = randomBytes(24).toString('hex');

  beforeAll(async () => {
    platform = await FakePlatform.start({ secrets: secret });
    dfo = await new FakeDfoServer().start();
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const env = { LIFECYCLE_TICK_MS: '100', LIFECYCLE_SWEEP_BATCH: '20', OUTBOX_SWEEP_INTERVAL_MS: '200', DATABASE_POOL_SIZE: '8' };
    apps.push(...(await Promise.all([AppProcess.start(env), AppProcess.start(env), AppProcess.start(env)])));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    if (brandId) await db.query('DELETE FROM brands WHERE id = $1', [brandId]);
    await db.end();
    await platform.close();
    await dfo.stop();
  });

  async function admin<T>(path: string, body: object): Promise<T> {
    const res = await fetch(`${apps[0]!.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  it('warns and closes each of 500 threads exactly once, and closes each case once in DFO', async () => {
    const brand = await admin<{ id: string }>('/api/v1/brands', {
      name: `Three instances ${randomBytes(3).toString('hex')}`,
      tenantId: randomUUID(),
      dfoBrandId: randomInt(1, 2_000_000_000),
      businessUnitId: randomInt(1, 2_000_000_000),
      dfo: { apiBaseUrl: dfo.apiBaseUrl, authKind: 'access_key', authUrl: `${dfo.origin}/auth/token`, keyId: 'key', secret: 'secret' },
    });
    brandId = brand.id;
    const integration = await admin<{ id: string }>(`/api/v1/brands/${brand.id}/integrations`, { name: 'three', replyApi: '2.0', channelIntegrationId: randomUUID() });
    const channel = await admin<{ id: string }>(`/api/v1/integrations/${integration.id}/channels`, {
      name: 'three',
      adapter: 'webhook',
      adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] },
      dfoChannelId: `chat_${randomUUID()}`,
      settings: { idleTimeoutSeconds: 2, closeCountdownSeconds: 2 },
    });
    const base = 1_800_000_000_000_000 + randomInt(0, 1_000_000) * 1000;
    const contacts = Array.from({ length: THREADS }, (_, i) => String(base + i));
    for (const contact of contacts) dfo.route(`PUT /dfo/3.0/contacts/${contact}/status`, { status: 200 });

    const prefix = `mass-${randomBytes(3).toString('hex')}-`;
    // Abandoned conversations whose idle clock ran out just now, as the inbound pipeline leaves them.
    await db.query(
      `INSERT INTO threads (channel_id, brand_id, id_on_external_platform, dfo_thread_ref, dfo_contact_id, idle_deadline_at)
       SELECT $1, $2, $3 || g, $3 || g, ($4::bigint + g)::text, now() FROM generate_series(0, $5 - 1) g`,
      [channel.id, brand.id, prefix, base, THREADS],
    );

    const closedAtPlatform = () => platform.ofType('conversation.closed').filter((r) => String(r.body.threadId).startsWith(prefix));
    await waitFor(() => closedAtPlatform().length >= THREADS, `${THREADS} closes at the platform`, 90_000, 200);
    await waitFor(() => contacts.every((c) => dfo.requestsTo(`PUT /dfo/3.0/contacts/${c}/status`).length > 0), `${THREADS} case closes in DFO`, 60_000, 200);
    await sleep(1500); // room for any duplicate to arrive

    const perThread = (type: string) => {
      const counts = new Map<string, number>();
      for (const r of platform.ofType(type)) {
        const id = String(r.body.threadId);
        if (id.startsWith(prefix)) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    };
    const warnings = perThread('conversation.idle_warning');
    const closes = perThread('conversation.closed');
    expect(warnings.size).toBe(THREADS);
    expect(closes.size).toBe(THREADS);
    expect([...warnings.values()].filter((n) => n !== 1)).toEqual([]);
    expect([...closes.values()].filter((n) => n !== 1)).toEqual([]);
    expect(contacts.filter((c) => dfo.requestsTo(`PUT /dfo/3.0/contacts/${c}/status`).length !== 1)).toEqual([]);

    const { rows: states } = await db.query(`SELECT status, closed_reason, count(*)::int AS n FROM threads WHERE brand_id = $1 GROUP BY 1, 2`, [brand.id]);
    expect(states).toEqual([{ status: 'closed', closed_reason: 'idle_timeout', n: THREADS }]);
    const { rows: events } = await db.query(
      `SELECT type, count(*)::int AS n, count(DISTINCT thread_id)::int AS threads FROM thread_events WHERE brand_id = $1 GROUP BY type ORDER BY type`,
      [brand.id],
    );
    expect(events).toEqual([
      { type: 'closed', n: THREADS, threads: THREADS },
      { type: 'idle_warning', n: THREADS, threads: THREADS },
    ]);

    // The instances' own counts add up to exactly one warning and one close per thread.
    const sum = async (transition: string, reason: string) =>
      (await Promise.all(apps.map((app) => app.metric('lifecycle_transitions_total', { transition, reason })))).reduce((a, b) => a + b, 0);
    expect(await sum('idle_warning', 'idle')).toBe(THREADS);
    expect(await sum('closed', 'idle_timeout')).toBe(THREADS);
  }, 180_000);
});
