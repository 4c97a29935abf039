import { Logger } from '@nestjs/common';
import { FixedClock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { MetricsService } from '../core/metrics/metrics.service';
import { DfoError } from '../dfo-client/dfo.errors';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryHandlerRegistry } from './delivery-handler.registry';
import { DeliveryQueue } from './delivery-queue';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxWorker } from './outbox.worker';
import { DeliveryHandler } from './outbox.types';
import { ClaimedBatch, Settlement } from './settlement';

Logger.overrideLogger(false);

/** A queue that hands out the rows it is given, once, and records every statement and transition. */
class FakeQueue {
  pending: DeliveryEntity[] = [];
  readonly transitions: Array<{ id: string; to: string; at?: Date; reason?: string }> = [];
  readonly statements: string[] = [];
  readonly promoted: string[][] = [];
  renewals: Array<{ ids: string[]; until: Date }> = [];
  lost = new Set<string>();

  async claimBatch(_kinds: string[], limit: number, _now: Date, lease: Date): Promise<ClaimedBatch> {
    this.statements.push(`claim ${limit}`);
    const batch = this.pending.splice(0, limit);
    const deliveries = batch.map((d) => Object.assign(d, { attempts: d.attempts + 1, lockedUntil: lease, status: 'in_flight' as const }));
    return { deliveries, more: false };
  }
  async settle(settlements: Settlement[]): Promise<{ settled: Set<string>; finishedThreads: string[] }> {
    this.statements.push(`settle ${settlements.length}`);
    for (const s of settlements) {
      const to = s.outcome === 'retry' || s.outcome === 'released' ? 'pending' : s.outcome === 'skipped' ? 'done' : s.outcome;
      this.transitions.push({ id: s.delivery.id, to, ...(s.outcome === 'retry' ? { at: s.nextAttemptAt } : {}), ...('reason' in s ? { reason: s.reason } : {}) });
    }
    const settled = settlements.filter((s) => !this.lost.has(s.delivery.id));
    const finishedThreads = settled.filter((s) => ['done', 'skipped', 'dead'].includes(s.outcome)).map((s) => s.delivery.threadId!);
    return { settled: new Set(settled.map((s) => s.delivery.id)), finishedThreads: [...new Set(finishedThreads)] };
  }
  async promote(threadIds: string[]): Promise<number> {
    if (threadIds.length > 0) this.promoted.push(threadIds);
    return 0;
  }
  async renew(leases: Array<{ id: string }>, until: Date): Promise<Set<string>> {
    this.renewals.push({ ids: leases.map((l) => l.id), until });
    return new Set(leases.map((l) => l.id).filter((id) => !this.lost.has(id)));
  }
  async promoteOrphans(): Promise<number> {
    return 0;
  }
  async findOrphans(): Promise<string[]> {
    return [];
  }
  readonly recovered: Array<Array<{ channelId: string; kind: string }>> = [];
  async recover(lanes: Array<{ channelId: string; kind: string }>): Promise<number> {
    if (lanes.length > 0) this.recovered.push(lanes);
    return 0;
  }
}

describe('OutboxWorker', () => {
  let clock: FixedClock;
  const config = { outbox: { maxAttempts: 3, batchSize: 10, concurrency: 4, leaseMs: 9000, backoffBaseMs: 1000, backoffMaxMs: 60000 } } as AppConfig;
  let queue: FakeQueue;
  let registry: DeliveryHandlerRegistry;
  let worker: OutboxWorker;
  let dead: string[];

  const row = (id: string, attempts = 0, threadId = `t-${id}`): DeliveryEntity =>
    Object.assign(new DeliveryEntity(), { id, kind: 'dfo.message_status', attempts, brandId: 'b', threadId, payload: {}, createdAt: clock.now() });
  const settle = async () => {
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  };

  beforeEach(() => {
    clock = new FixedClock(new Date('2026-01-01T00:00:00.000Z'));
    queue = new FakeQueue();
    registry = new DeliveryHandlerRegistry();
    dead = [];
    worker = new OutboxWorker(queue as unknown as DeliveryQueue, registry, new OutboxMetrics(new MetricsService()), clock, config);
  });
  afterEach(() => worker.stop(0));

  function handler(fail: (d: DeliveryEntity) => Error | null | Promise<Error | null>, extra: Partial<DeliveryHandler> = {}): void {
    registry.register({
      kind: 'dfo.message_status',
      handle: async (d) => {
        const err = await fail(d);
        if (err) throw err;
      },
      onDead: async (d, reason) => void dead.push(`${d.id}: ${reason}`),
      ...extra,
    });
  }

  it('reschedules a retryable failure with backoff from the attempts made, recording the reason', async () => {
    handler(() => new DfoError('RETRYABLE', 'DFO answered 503'));
    queue.pending.push(row('1'));
    worker.wake();
    await settle();
    expect(queue.transitions).toEqual([{ id: '1', to: 'pending', at: expect.any(Date), reason: 'DFO.RETRYABLE: DFO answered 503' }]);
    const delay = queue.transitions[0]!.at!.getTime() - clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
    expect(queue.promoted).toEqual([]);
  });

  it('honours Retry-After as the least delay', async () => {
    handler(() => new DfoError('RATE_LIMITED', 'slow down', { retryAfterMs: 30000 }));
    queue.pending.push(row('1'));
    worker.wake();
    await settle();
    expect(queue.transitions[0]!.at!.getTime() - clock.now().getTime()).toBe(30000);
  });

  it('kills a non-retryable failure at once, calls onDead, and releases what waited behind it on its thread', async () => {
    handler(() => new DfoError('REJECTED', 'bad body'));
    queue.pending.push(row('1'));
    worker.wake();
    await settle();
    expect(queue.transitions).toEqual([{ id: '1', to: 'dead', reason: 'DFO.REJECTED: bad body' }]);
    expect(dead).toEqual(['1: DFO.REJECTED: bad body']);
    expect(queue.promoted).toEqual([['t-1']]);
  });

  it("gives up at the handler's own attempt limit", async () => {
    handler(() => new DfoError('RETRYABLE', 'down'), { maxAttempts: 2 });
    queue.pending.push(row('1', 1));
    worker.wake();
    await settle();
    expect(queue.transitions).toEqual([{ id: '1', to: 'dead', reason: 'gave up after 2 attempts: DFO.RETRYABLE: down' }]);
  });

  it('settles every row of a batch on its own, in one statement', async () => {
    let release!: () => void;
    const gate = new Promise<null>((resolve) => (release = () => resolve(null)));
    handler(async (d) => (d.id === '2' ? new TypeError('boom') : gate));
    queue.pending.push(row('1'), row('2'), row('3'));
    worker.wake();
    await settle();
    release();
    await settle();
    expect(queue.transitions.map((t) => `${t.id}:${t.to}`).sort()).toEqual(['1:done', '2:pending', '3:done']);
    expect(queue.statements).toContain('settle 2');
  });

  it('never runs more than the concurrency at once, and claims again as deliveries finish', async () => {
    let running = 0;
    let most = 0;
    handler(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running -= 1;
      return null;
    });
    queue.pending.push(...Array.from({ length: 12 }, (_, i) => row(String(i + 1))));
    worker.wake();
    await settle();
    expect(most).toBe(4);
    expect(queue.transitions.filter((t) => t.to === 'done')).toHaveLength(12);
  });

  it('renews the leases of deliveries that run long, and not of those that finish quickly', async () => {
    let release!: () => void;
    const gate = new Promise<null>((resolve) => (release = () => resolve(null)));
    handler(async (d) => (d.id === 'slow' ? gate : null));
    queue.pending.push(row('slow'), row('quick'));
    worker.wake();
    await settle();
    expect(queue.renewals).toEqual([]);
    clock.advance(3001);
    worker.wake();
    await settle();
    expect(queue.renewals).toEqual([{ ids: ['slow'], until: new Date(clock.now().getTime() + 9000) }]);
    release();
    await settle();
    expect(queue.transitions.map((t) => `${t.id}:${t.to}`).sort()).toEqual(['quick:done', 'slow:done']);
  });

  it('after a retry goes through, makes the same channel and kind stop waiting out their backoffs', async () => {
    handler(() => null);
    queue.pending.push(Object.assign(row('first-try'), { channelId: 'c1' }), Object.assign(row('retried', 2), { channelId: 'c2' }));
    worker.wake();
    await settle();
    expect(queue.recovered).toEqual([[{ channelId: 'c2', kind: 'dfo.message_status' }]]);
  });

  it('hands back what is still running at shutdown, and claims nothing once stopped', async () => {
    handler(() => new Promise<null>(() => undefined));
    queue.pending.push(row('1'));
    worker.wake();
    await settle();
    await worker.stop(0);
    expect(queue.transitions).toEqual([{ id: '1', to: 'pending' }]);
    queue.pending.push(row('2'));
    worker.wake();
    await settle();
    expect(queue.pending.map((d) => d.id)).toEqual(['2']);
  });
});
