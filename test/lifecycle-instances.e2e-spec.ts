import { randomBytes } from 'node:crypto';
import { startStandaloneEmulator, StandaloneEmulator } from '../emulators/dfo/standalone';
import { AppProcess } from './support/app-process';
import { deleteBrands } from './support/brand-cleanup';
import { connectTestDatabase, TestDatabase } from './support/database';
import { EmulatorClient } from './support/emulator';
import { wireChannel, WiredChannel } from './support/emulator-wiring';
import { FakePlatform } from './support/fake-platform';
import { insertThreads } from './support/fixtures';
import { outboxSettled } from './support/outbox-rows';
import { waitFor } from './support/wait';

const THREADS = 500;

/**
 * Three real app processes (`node dist/src/main.js`) against one Postgres, 500 abandoned threads due at once, then
 * their 500 countdowns run out at once: every thread is warned exactly once and closed exactly once at the platform,
 * and every case is closed exactly once in the DFO emulator. Small sweep batches and fast ticks make the instances
 * compete for the same rows. The deadlines are driven (set in the past), not waited for.
 */
describe('lifecycle across three instances', () => {
  const apps: AppProcess[] = [];
  let platform: FakePlatform;
  let emu: StandaloneEmulator;
  let dfo: EmulatorClient;
  let db: TestDatabase;
  let world: WiredChannel | undefined;
  const secret = randomBytes(24).toString('hex');

  beforeAll(async () => {
    platform = await FakePlatform.start({ secrets: secret });
    emu = await startStandaloneEmulator();
    dfo = new EmulatorClient(emu.url);
    db = await connectTestDatabase();
    const env = { LIFECYCLE_TICK_MS: '100', LIFECYCLE_SWEEP_BATCH: '20', OUTBOX_SWEEP_INTERVAL_MS: '200', DATABASE_POOL_SIZE: '8' };
    apps.push(...(await Promise.all([AppProcess.start(env), AppProcess.start(env), AppProcess.start(env)])));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await db.end();
    if (world) await deleteBrands([world.brandId]);
    await platform.close();
    await emu.close();
  });

  it('warns and closes each of 500 threads exactly once, and closes each case once in DFO', async () => {
    const wired = (world = await wireChannel(apps[0]!, dfo, apps[0]!.url, {
      channel: { adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] }, settings: { idleTimeoutSeconds: 600, closeCountdownSeconds: 600 } },
    }));
    const prefix = `mass-${randomBytes(3).toString('hex')}-`;
    const refs = Array.from({ length: THREADS }, (_, i) => `${prefix}${i}`);
    const cases: string[] = [];
    for (let i = 0; i < THREADS; i += 10) {
      cases.push(...(await Promise.all(refs.slice(i, i + 10).map((ref) => dfo.openCase(wired.accessKey, wired.dfoChannelId, ref)))));
    }

    // Abandoned conversations whose idle clock ran out just now, as the inbound pipeline leaves them.
    const now = new Date();
    await insertThreads(
      db,
      refs.map((ref, i) => ({ brandId: wired.brandId, channelId: wired.channelId, externalId: ref, dfoContactId: cases[i], dfoCaseStatus: 'new', idleDeadlineAt: now })),
    );

    const atPlatform = (type: string) => platform.ofType(type).filter((r) => String(r.body.threadId).startsWith(prefix));
    await waitFor(() => atPlatform('conversation.idle_warning').length >= THREADS, `${THREADS} warnings at the platform`, 90_000, 200);
    // Every countdown runs out at once: the instances now compete for 500 due closes.
    const [{ n: due }] = await db.query<{ n: number }>(
      `WITH moved AS (UPDATE threads SET close_deadline_at = now() - interval '1 second' WHERE brand_id = $1 AND status = 'idle_warning' RETURNING id)
       SELECT count(*)::int AS n FROM moved`,
      [wired.brandId],
    );
    expect(due).toBe(THREADS);
    await waitFor(() => atPlatform('conversation.closed').length >= THREADS, `${THREADS} closes at the platform`, 90_000, 200);
    const closedCases = async () => (await dfo.cases({ channelId: wired.dfoChannelId, status: 'closed' })).length;
    await waitFor(async () => (await closedCases()) >= THREADS, `${THREADS} cases closed in DFO`, 60_000, 200);
    // Each close wrote its platform event and its DFO status together: once the brand's outbox is settled, no
    // duplicate can still be on its way.
    expect(await outboxSettled(db, { brandId: wired.brandId }, 30_000)).toEqual({ 'dfo.case_status done': THREADS, 'platform.event done': 2 * THREADS });

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

    const statusCalls = await dfo.calls({ direction: 'in', method: 'PUT', path: '/status' });
    const perCase = new Map<string, number>();
    for (const call of statusCalls) {
      const caseId = /\/contacts\/([^/]+)\/status$/.exec(call.path)?.[1];
      if (caseId) perCase.set(caseId, (perCase.get(caseId) ?? 0) + 1);
    }
    expect(cases.filter((c) => perCase.get(c) !== 1)).toEqual([]);
    expect(await closedCases()).toBe(THREADS);

    const states = await db.query(`SELECT status, closed_reason, count(*)::int AS n FROM threads WHERE brand_id = $1 GROUP BY 1, 2`, [wired.brandId]);
    expect(states).toEqual([{ status: 'closed', closed_reason: 'idle_timeout', n: THREADS }]);
    const events = await db.query(
      `SELECT type, count(*)::int AS n, count(DISTINCT thread_id)::int AS threads FROM thread_events WHERE brand_id = $1 GROUP BY type ORDER BY type`,
      [wired.brandId],
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
