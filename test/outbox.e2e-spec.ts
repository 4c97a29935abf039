import { Injectable, OnModuleInit } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ClockModule } from '../src/core/clock/clock.module';
import { AppConfigModule } from '../src/core/config/config.module';
import { loadConfig } from '../src/core/config/load-config';
import { DatabaseModule } from '../src/core/database/database.module';
import { EventsModule } from '../src/core/events/events.module';
import { MetricsModule } from '../src/core/metrics/metrics.module';
import { MetricsService } from '../src/core/metrics/metrics.service';
import { DfoError } from '../src/dfo-client/dfo.errors';
import { DeliveryEntity } from '../src/outbox/delivery.entity';
import { DeliveryHandlerRegistry } from '../src/outbox/delivery-handler.registry';
import { DeliveryQueue } from '../src/outbox/delivery-queue';
import { OutboxModule } from '../src/outbox/outbox.module';
import { OutboxService } from '../src/outbox/outbox.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { Delivery, DeliveryHandler, HandlerResult, NewDelivery } from '../src/outbox/outbox.types';
import { PlatformAdapterError } from '../src/platform-adapters/platform-adapters.errors';
import { deleteBrands } from './support/brand-cleanup';
import { BrandGraph, insertBrandGraph, insertThread } from './support/fixtures';
import { testEnv } from './support/test-app';
import { sleep, waitFor } from './support/wait';

type Step = 'ok' | 'retry' | 'reject' | 'crash' | 'skip';
interface Script {
  steps?: Step[];
  delayMs?: number;
  label?: string;
}

/**
 * The kinds these tests borrow. The `kind` column allows only real kinds, so a script rides in a real kind's payload
 * (hence the two casts, in `delivery` below and in `handle`); only `ScriptedHandler` reads it.
 */
type TestKind = 'platform.event' | 'dfo.thread_update';

/** A handler driven by the delivery's payload; it records what it handled, in order. */
@Injectable()
class ScriptedHandler implements DeliveryHandler<TestKind>, OnModuleInit {
  readonly kind: TestKind = 'platform.event';
  readonly handled: Array<{ id: string; threadId: string | null; label?: string; attempt: number }> = [];
  readonly dead: Array<{ id: string; reason: string }> = [];
  brandIds = new Set<string>();
  running = 0;

  constructor(private readonly registry: DeliveryHandlerRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(delivery: Delivery<TestKind>): Promise<HandlerResult> {
    // Rows left behind by other suites sharing the database are not ours to run.
    if (!this.brandIds.has(delivery.brandId)) return 'skipped';
    const script = delivery.payload as unknown as Script;
    this.running += 1;
    try {
      if (script.delayMs) await sleep(script.delayMs);
      const step = script.steps?.[delivery.attempts - 1] ?? 'ok';
      if (step === 'retry') throw new DfoError('RETRYABLE', 'DFO answered 503');
      if (step === 'reject') throw new PlatformAdapterError('REJECTED', 'platform said 400');
      if (step === 'crash') throw new TypeError('boom');
      this.handled.push({ id: delivery.id, threadId: delivery.threadId, label: script.label, attempt: delivery.attempts });
      return step === 'skip' ? 'skipped' : undefined;
    } finally {
      this.running -= 1;
    }
  }

  async onDead(delivery: Delivery<TestKind>, reason: string): Promise<void> {
    this.dead.push({ id: delivery.id, reason });
  }
}

describe('outbox (real Postgres)', () => {
  let moduleRef: TestingModule;
  let ds: DataSource;
  let outbox: OutboxService;
  let handler: ScriptedHandler;
  let graph: BrandGraph;

  const config = loadConfig(
    testEnv({
      OUTBOX_BACKOFF_BASE_MS: '20',
      OUTBOX_BACKOFF_MAX_MS: '100',
      OUTBOX_MAX_ATTEMPTS: '4',
      OUTBOX_CONCURRENCY: '4',
      // Long enough that these tests see the wake-ups, not the backstop sweep.
      OUTBOX_SWEEP_INTERVAL_MS: '60000',
      OUTBOX_LEASE_MS: '1000',
    }),
  );

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule,
        MetricsModule,
        DatabaseModule.forRoot(config),
        EventsModule.forRoot(config),
        ScheduleModule.forRoot(),
        OutboxModule.forFeature(['platform.event']),
      ],
      providers: [ScriptedHandler],
    })
      .compile();
    moduleRef.useLogger(false);
    moduleRef.enableShutdownHooks();
    await moduleRef.init();
    ds = moduleRef.get(DataSource);
    outbox = moduleRef.get(OutboxService);
    handler = moduleRef.get(ScriptedHandler);
  });

  afterAll(async () => {
    await moduleRef.close();
    await deleteBrands([...handler.brandIds]);
  });

  beforeEach(async () => {
    graph = await insertBrandGraph(ds);
    handler.brandIds.add(graph.brandId);
  });

  const delivery = (threadId: string | null, script: Script, kind: TestKind = 'platform.event'): NewDelivery =>
    ({ brandId: graph.brandId, kind, channelId: graph.channelId, threadId, payload: script }) as unknown as NewDelivery;
  const newThread = async () => (await insertThread(ds, graph)).id;
  const enqueue = (deliveries: NewDelivery[]) => ds.transaction((m) => outbox.enqueue(m, deliveries));
  const row = async (id: string) => (await ds.query(`SELECT status, attempts, last_error FROM deliveries WHERE id = $1`, [id]))[0];
  const rowsDone = async (ids: string[]) => {
    const rows = await ds.query(`SELECT count(*)::int AS n FROM deliveries WHERE id = ANY($1) AND status IN ('done', 'dead')`, [ids]);
    return rows[0].n === ids.length;
  };

  it('sends one thread strictly in order while another thread proceeds in parallel', async () => {
    const [a, b] = [await newThread(), await newThread()];
    const ids = await enqueue([
      ...Array.from({ length: 40 }, (_, i) => delivery(a, { label: `a${i}`, delayMs: i % 3 })),
      ...Array.from({ length: 10 }, (_, i) => delivery(b, { label: `b${i}`, delayMs: 1 })),
    ]);
    await waitFor(() => rowsDone(ids), 'all deliveries done');
    const ofA = handler.handled.filter((h) => h.threadId === a).map((h) => h.label);
    const ofB = handler.handled.filter((h) => h.threadId === b).map((h) => h.label);
    expect(ofA).toEqual(Array.from({ length: 40 }, (_, i) => `a${i}`));
    expect(ofB).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
    // Thread b did not wait for thread a's backlog.
    const order = handler.handled.map((h) => h.label);
    expect(order.indexOf('b9')).toBeLessThan(order.indexOf('a39'));
  });

  it('wakes the workers only after the enqueueing transaction commits, and never for a rollback', async () => {
    const thread = await newThread();
    let id = '';
    await ds.transaction(async (m) => {
      [id] = await outbox.enqueue(m, delivery(thread, { label: 'late-commit' }));
      await sleep(300);
      expect(handler.handled.find((h) => h.id === id)).toBeUndefined();
    });
    await waitFor(async () => (await row(id)).status === 'done', 'the committed delivery');

    await ds
      .transaction(async (m) => {
        await outbox.enqueue(m, delivery(thread, { label: 'rolled-back' }));
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await sleep(300);
    expect(handler.handled.find((h) => h.label === 'rolled-back')).toBeUndefined();
    expect(await ds.query(`SELECT 1 FROM deliveries WHERE thread_id = $1 AND payload->>'label' = 'rolled-back'`, [thread])).toHaveLength(0);
  });

  it('retries a retryable failure with backoff, holding back the rest of the thread meanwhile', async () => {
    const thread = await newThread();
    const ids = await enqueue([delivery(thread, { label: 'flaky', steps: ['retry', 'retry', 'ok'] }), delivery(thread, { label: 'after' })]);
    await waitFor(() => rowsDone(ids), 'both deliveries done');
    expect(await row(ids[0])).toEqual({ status: 'done', attempts: 3, last_error: null });
    const labels = handler.handled.filter((h) => h.threadId === thread).map((h) => h.label);
    expect(labels).toEqual(['flaky', 'after']);
  });

  it('marks a rejected delivery dead with the reason, calls onDead, and lets the thread move on', async () => {
    const thread = await newThread();
    const ids = await enqueue([delivery(thread, { steps: ['reject'] }), delivery(thread, { label: 'next' })]);
    await waitFor(() => rowsDone(ids), 'both settled');
    expect(await row(ids[0])).toEqual({ status: 'dead', attempts: 1, last_error: 'ADAPTER.REJECTED: platform said 400' });
    expect(handler.dead).toContainEqual({ id: ids[0], reason: 'ADAPTER.REJECTED: platform said 400' });
    expect((await row(ids[1])).status).toBe('done');
  });

  it('gives up after the attempt limit, recording why', async () => {
    const ids = await enqueue([delivery(null, { steps: ['retry', 'retry', 'retry', 'retry', 'ok'] })]);
    await waitFor(() => rowsDone(ids), 'the delivery to die');
    const dead = await row(ids[0]);
    expect(dead).toMatchObject({ status: 'dead', attempts: 4 });
    expect(dead.last_error).toBe('gave up after 4 attempts: DFO.RETRYABLE: DFO answered 503');
  });

  it('keeps one crashing delivery from stopping the rest of its batch', async () => {
    const threads = await Promise.all([1, 2, 3].map(() => newThread()));
    const ids = await enqueue([
      delivery(threads[0], { steps: ['crash', 'ok'], label: 'crashy' }),
      delivery(threads[1], { label: 'fine-1' }),
      delivery(threads[2], { label: 'fine-2' }),
    ]);
    await waitFor(() => rowsDone(ids), 'all three settled');
    expect(await row(ids[0])).toMatchObject({ status: 'done', attempts: 2 });
    expect((await row(ids[1])).status).toBe('done');
    expect((await row(ids[2])).status).toBe('done');
  });

  it('reclaims a delivery whose worker died (expired lease)', async () => {
    const thread = await newThread();
    const [stuck] = await ds.query(
      `INSERT INTO deliveries (brand_id, thread_id, kind, payload, status, attempts, locked_until)
       VALUES ($1, $2, 'platform.event', '{"label":"orphan"}', 'in_flight', 1, now() - interval '1 second') RETURNING id`,
      [graph.brandId, thread],
    );
    const ids = [String(stuck.id), ...(await enqueue([delivery(thread, { label: 'behind-orphan' })]))];
    await waitFor(() => rowsDone(ids), 'the orphan and its successor');
    const labels = handler.handled.filter((h) => h.threadId === thread).map((h) => h.label);
    expect(labels).toEqual(['orphan', 'behind-orphan']);
    expect(await row(ids[0])).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('gives concurrent claims disjoint rows, and only the head of each thread', async () => {
    const queue = moduleRef.get(DeliveryQueue);
    const threads = await Promise.all([1, 2, 3].map(() => newThread()));
    // Written as not yet due, so the running worker leaves them to this test.
    const later = new Date(Date.now() + 60000);
    const ids = await enqueue(threads.flatMap((t) => [1, 2, 3].map((i) => ({ ...delivery(t, { label: `${t}-${i}` }), notBefore: later }))));
    const at = new Date(later.getTime() + 1);
    const lease = new Date(at.getTime() + 60000);
    const mine = (list: DeliveryEntity[]) => list.filter((d) => ids.includes(d.id));
    const [x, y] = await Promise.all([queue.claim(['platform.event'], 50, at, lease), queue.claim(['platform.event'], 50, at, lease)]);
    const claimed = [...mine(x), ...mine(y)];
    expect(new Set(claimed.map((d) => d.id)).size).toBe(claimed.length);
    expect(claimed.map((d) => d.id).sort()).toEqual([ids[0], ids[3], ids[6]].sort());
    await ds.query(`UPDATE deliveries SET status = 'done' WHERE id = ANY($1)`, [ids]);
  });

  it('writes followers held behind their thread head, so a claim reads heads only', async () => {
    const thread = await newThread();
    const later = new Date(Date.now() + 60000);
    const ids = await enqueue([1, 2, 3].map((i) => ({ ...delivery(thread, { label: `h${i}` }), notBefore: later })));
    const rows = await ds.query(`SELECT id::text AS id, held FROM deliveries WHERE id = ANY($1) ORDER BY id`, [ids]);
    expect(rows.map((r: { held: boolean }) => r.held)).toEqual([false, true, true]);
    await ds.query(`UPDATE deliveries SET status = 'done' WHERE id = ANY($1)`, [ids]);
  });

  it("gives every channel its share of a claim: one channel's backlog does not hold back another's delivery", async () => {
    const queue = moduleRef.get(DeliveryQueue);
    const other = await insertBrandGraph(ds);
    handler.brandIds.add(other.brandId);
    const later = new Date(Date.now() + 60000);
    const campaign = await enqueue(Array.from({ length: 300 }, (_, i) => ({ ...delivery(null, { label: `c${i}` }), notBefore: later })));
    const [live] = await enqueue([{ ...delivery(null, { label: 'live' }), channelId: other.channelId, brandId: other.brandId, notBefore: later }]);
    const at = new Date(later.getTime() + 1);
    const claimed = await queue.claim(['platform.event'], 10, at, new Date(at.getTime() + 60000));
    const ids = claimed.map((d) => d.id);
    expect(ids).toContain(live);
    expect(ids.filter((id) => campaign.includes(id)).length).toBeGreaterThanOrEqual(5);
    await ds.query(`UPDATE deliveries SET status = 'done' WHERE id = ANY($1)`, [[...campaign, live]]);
  });

  it('renews the lease of a delivery that runs longer than a lease, so it runs once', async () => {
    const thread = await newThread();
    const [id] = await enqueue([delivery(thread, { label: 'long', delayMs: 2500 })]);
    await waitFor(async () => (await row(id!)).status === 'done', 'the long delivery', 10000);
    expect(handler.handled.filter((h) => h.label === 'long')).toEqual([expect.objectContaining({ attempt: 1 })]);
    expect(await row(id!)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('when a retry goes through, stops the same channel and kind waiting out their backoffs', async () => {
    const [x, y] = [await newThread(), await newThread()];
    // x failed earlier and waits out a long backoff; y fails once, then goes through.
    const [waiting] = await ds.query(
      `INSERT INTO deliveries (brand_id, channel_id, thread_id, kind, payload, status, attempts, next_attempt_at, last_error)
       VALUES ($1, $2, $3, 'platform.event', '{"label":"in-backoff"}', 'pending', 1, now() + interval '1 hour', 'DFO.RETRYABLE: 503') RETURNING id::text AS id`,
      [graph.brandId, graph.channelId, x],
    );
    const ids = await enqueue([delivery(y, { label: 'flaky', steps: ['retry', 'ok'] })]);
    await waitFor(() => rowsDone([...ids, waiting.id]), 'both delivered', 10000);
    expect(handler.handled.filter((h) => h.threadId === x).map((h) => h.label)).toEqual(['in-backoff']);
  });

  it('releases a held delivery whose thread lost its head, once it has looked orphaned for a whole sweep', async () => {
    const worker = moduleRef.get(OutboxWorker);
    const thread = await newThread();
    const [orphan] = await ds.query(
      `INSERT INTO deliveries (brand_id, channel_id, thread_id, kind, payload, status, attempts, held)
       VALUES ($1, $2, $3, 'platform.event', '{"label":"orphan-held"}', 'pending', 0, true) RETURNING id::text AS id`,
      [graph.brandId, graph.channelId, thread],
    );
    await worker.promoteOrphans();
    expect((await ds.query(`SELECT held FROM deliveries WHERE id = $1`, [orphan.id]))[0].held).toBe(true);
    await worker.promoteOrphans();
    await waitFor(() => rowsDone([orphan.id]), 'the released orphan');
    expect(handler.handled.filter((h) => h.threadId === thread).map((h) => h.label)).toEqual(['orphan-held']);
  });

  it('on shutdown stops claiming, lets short work finish, and hands back what outlives the grace period', async () => {
    // A second instance with the only handler of its kind, so the first one cannot take its rows.
    @Injectable()
    class ThreadUpdateHandler extends ScriptedHandler {
      override readonly kind: TestKind = 'dfo.thread_update';
    }
    const graceful = { ...config, outbox: { ...config.outbox, shutdownGraceMs: 400 } };
    const other = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(graceful), ClockModule, MetricsModule, DatabaseModule.forRoot(graceful), EventsModule.forRoot(graceful), ScheduleModule.forRoot(), OutboxModule.forFeature(['dfo.thread_update'])],
      providers: [ThreadUpdateHandler],
    }).compile();
    other.useLogger(false);
    await other.init();
    const otherHandler = other.get(ThreadUpdateHandler);
    otherHandler.brandIds.add(graph.brandId);
    const [a, b] = [await newThread(), await newThread()];
    const ids = await enqueue([
      delivery(a, { label: 'short', delayMs: 150 }, 'dfo.thread_update'),
      delivery(b, { label: 'too-long', delayMs: 1500 }, 'dfo.thread_update'),
      delivery(a, { label: 'after-shutdown' }, 'dfo.thread_update'),
    ]);
    await waitFor(() => otherHandler.running === 2, 'both first deliveries to start');
    await other.close();
    expect(await row(ids[0])).toMatchObject({ status: 'done' });
    expect(await row(ids[1])).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await row(ids[2])).toMatchObject({ status: 'pending', attempts: 0 });
    expect(otherHandler.handled.map((h) => h.label)).toEqual(['short']);
    await ds.query(`UPDATE deliveries SET status = 'done' WHERE id = ANY($1)`, [ids]);
  });

  it('records outcomes in the metrics', async () => {
    const ids = await enqueue([delivery(null, { steps: ['skip'] })]);
    await waitFor(() => rowsDone(ids), 'the skipped delivery');
    const text = await moduleRef.get(MetricsService).registry.metrics();
    expect(text).toMatch(/outbox_deliveries_total\{kind="platform.event",outcome="skipped"\} [1-9]/);
    expect(text).toMatch(/outbox_deliveries_total\{kind="platform.event",outcome="retry"\} [1-9]/);
    expect(text).toMatch(/outbox_delivery_age_seconds_count\{kind="platform.event",outcome="done"\} [1-9]/);
  });
});
