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

Logger.overrideLogger(false);

/** A queue that hands out the rows it is given, once, and records every transition. */
class FakeQueue {
  pending: DeliveryEntity[] = [];
  readonly transitions: Array<{ id: string; to: string; at?: Date; reason?: string }> = [];
  async claim(_kinds: string[], limit: number, _now: Date, lease: Date): Promise<DeliveryEntity[]> {
    const batch = this.pending.splice(0, limit);
    return batch.map((d) => Object.assign(d, { attempts: d.attempts + 1, lockedUntil: lease, status: 'in_flight' }));
  }
  async complete(d: DeliveryEntity): Promise<boolean> {
    this.transitions.push({ id: d.id, to: 'done' });
    return true;
  }
  async reschedule(d: DeliveryEntity, at: Date, reason: string): Promise<boolean> {
    this.transitions.push({ id: d.id, to: 'pending', at, reason });
    return true;
  }
  async kill(d: DeliveryEntity, _now: Date, reason: string): Promise<boolean> {
    this.transitions.push({ id: d.id, to: 'dead', reason });
    return true;
  }
}

describe('OutboxWorker', () => {
  const clock = new FixedClock(new Date('2026-01-01T00:00:00.000Z'));
  const config = { outbox: { maxAttempts: 3, batchSize: 10, concurrency: 4, leaseMs: 60000, backoffBaseMs: 1000, backoffMaxMs: 60000 } } as AppConfig;
  let queue: FakeQueue;
  let registry: DeliveryHandlerRegistry;
  let worker: OutboxWorker;
  let dead: string[];

  const row = (id: string, attempts = 0): DeliveryEntity =>
    Object.assign(new DeliveryEntity(), { id, kind: 'dfo.message_status', attempts, brandId: 'b', threadId: 't', payload: {}, createdAt: clock.now() });
  const settle = async () => {
    for (let i = 0; i < 20 && worker.inFlight + queue.pending.length > 0; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  };

  beforeEach(() => {
    queue = new FakeQueue();
    registry = new DeliveryHandlerRegistry();
    dead = [];
    worker = new OutboxWorker(queue as unknown as DeliveryQueue, registry, new OutboxMetrics(new MetricsService()), clock, config);
  });
  afterEach(() => worker.stop(0));

  function handler(fail: (d: DeliveryEntity) => Error | null, extra: Partial<DeliveryHandler> = {}): void {
    registry.register({
      kind: 'dfo.message_status',
      handle: async (d) => {
        const err = fail(d);
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
  });

  it('honours Retry-After as the least delay', async () => {
    handler(() => new DfoError('RATE_LIMITED', 'slow down', { retryAfterMs: 30000 }));
    queue.pending.push(row('1'));
    worker.wake();
    await settle();
    expect(queue.transitions[0]!.at!.getTime() - clock.now().getTime()).toBe(30000);
  });

  it('kills a non-retryable failure at once and calls onDead', async () => {
    handler(() => new DfoError('REJECTED', 'bad body'));
    queue.pending.push(row('1'));
    worker.wake();
    await settle();
    expect(queue.transitions).toEqual([{ id: '1', to: 'dead', reason: 'DFO.REJECTED: bad body' }]);
    expect(dead).toEqual(['1: DFO.REJECTED: bad body']);
  });

  it("gives up at the handler's own attempt limit", async () => {
    handler(() => new DfoError('RETRYABLE', 'down'), { maxAttempts: 2 });
    queue.pending.push(row('1', 1));
    worker.wake();
    await settle();
    expect(queue.transitions).toEqual([{ id: '1', to: 'dead', reason: 'gave up after 2 attempts: DFO.RETRYABLE: down' }]);
  });

  it('settles every row of a batch on its own', async () => {
    handler((d) => (d.id === '2' ? new TypeError('boom') : null));
    queue.pending.push(row('1'), row('2'), row('3'));
    worker.wake();
    await settle();
    expect(queue.transitions.map((t) => `${t.id}:${t.to}`).sort()).toEqual(['1:done', '2:pending', '3:done']);
  });

  it('claims nothing once stopped', async () => {
    handler(() => null);
    await worker.stop(0);
    queue.pending.push(row('1'));
    worker.wake();
    await settle();
    expect(queue.transitions).toEqual([]);
  });
});
