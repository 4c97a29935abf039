import { FixedClock } from '../../core/clock/clock';
import { OutboxService } from '../../outbox/outbox.service';
import { IdleSweeper } from './idle-sweeper';
import { ThreadRepository } from '../thread.repository';
import { LifecycleRepository } from './lifecycle.repository';
import { dueThread, fakeTransactions, lifecycleConfig, lifecycleMetrics, transitionCount } from './lifecycle.test-fakes';

const now = new Date('2026-03-01T12:00:00.000Z');
const past = (ms: number) => new Date(now.getTime() - ms);

function setup(batchSize = 200) {
  const tx = fakeTransactions();
  const transaction = jest.spyOn(tx.dataSource, 'transaction');
  const claims = { claimIdleDue: jest.fn() };
  const threads = {
    markIdleWarning: jest.fn(async (_b: string, warnings: { id: string }[]) => new Set(warnings.map((w) => w.id))),
    appendEvents: jest.fn(),
  };
  const outbox = { enqueue: jest.fn(async () => []) };
  const metrics = lifecycleMetrics();
  const sweeper = new IdleSweeper(
    tx.dataSource,
    new FixedClock(now),
    lifecycleConfig({ sweepBatchSize: batchSize }),
    claims as unknown as LifecycleRepository,
    threads as unknown as ThreadRepository,
    outbox as unknown as OutboxService,
    metrics,
  );
  return { ...tx, transaction, claims, threads, outbox, metrics, sweeper };
}

describe('IdleSweeper', () => {
  it('moves due threads to idle_warning with the countdown starting now, and tells the platform in the same transaction', async () => {
    const s = setup();
    s.claims.claimIdleDue.mockResolvedValueOnce([
      dueThread('t1', 'brand-a', past(1500), { closeCountdownSeconds: 20, idleWarningText: 'Still there?' }),
      dueThread('t2', 'brand-b', past(200), { closeCountdownSeconds: 2 }),
    ]);

    const summary = await s.sweeper.sweepDue();

    expect(summary).toMatchObject({ claimed: 2, transitioned: 2, batches: 1, failedBrands: [] });
    expect(s.claims.claimIdleDue).toHaveBeenCalledWith(now, 200, [], s.manager);
    expect(s.threads.markIdleWarning).toHaveBeenCalledWith('brand-a', [{ id: 't1', closesAt: new Date('2026-03-01T12:00:20.000Z') }], now, s.manager);
    expect(s.outbox.enqueue).toHaveBeenCalledWith(s.manager, [
      {
        brandId: 'brand-a',
        channelId: 'channel-of-brand-a',
        threadId: 't1',
        kind: 'platform.event',
        payload: { type: 'conversation.idle_warning', threadId: 'platform-t1', text: 'Still there?', closesAt: '2026-03-01T12:00:20.000Z' },
      },
    ]);
    expect(s.threads.appendEvents).toHaveBeenCalledWith(
      'brand-b',
      [{ threadId: 't2', type: 'idle_warning', data: { idleDeadlineAt: past(200).toISOString(), closesAt: '2026-03-01T12:00:02.000Z' } }],
      s.manager,
    );
    expect(await transitionCount(s.metrics, 'idle_warning', 'idle')).toBe(2);
    const { values } = await s.metrics.deadlineLag.get();
    expect(values.find((v) => v.metricName === 'lifecycle_deadline_lag_seconds_sum')?.value).toBeCloseTo(1.7);
  });

  it('warns only the threads its conditional update moved (another instance or a resume got the rest)', async () => {
    const s = setup();
    s.claims.claimIdleDue.mockResolvedValueOnce([dueThread('t1', 'brand-a', past(10)), dueThread('t2', 'brand-a', past(10))]);
    s.threads.markIdleWarning.mockResolvedValueOnce(new Set(['t2']));

    const summary = await s.sweeper.sweepDue();

    expect(summary.transitioned).toBe(1);
    const [, deliveries] = s.outbox.enqueue.mock.calls[0] as unknown as [unknown, { threadId: string }[]];
    expect(deliveries.map((d) => d.threadId)).toEqual(['t2']);
    expect(await transitionCount(s.metrics, 'idle_warning', 'idle')).toBe(1);
  });

  it("rolls back only a failing brand's savepoint, and skips that brand for the rest of the tick", async () => {
    const s = setup(2);
    s.claims.claimIdleDue
      .mockResolvedValueOnce([dueThread('t1', 'brand-bad', past(10)), dueThread('t2', 'brand-good', past(10))])
      .mockResolvedValueOnce([dueThread('t3', 'brand-good', past(5))]);
    s.outbox.enqueue.mockImplementationOnce(async () => {
      throw new Error('insert failed');
    });

    const summary = await s.sweeper.sweepDue();

    expect(summary).toMatchObject({ claimed: 3, transitioned: 2, batches: 2, failedBrands: ['brand-bad'] });
    expect(s.claims.claimIdleDue.mock.calls[1]![2]).toEqual(['brand-bad']);
    expect(s.statements).toEqual([
      'SAVEPOINT lifecycle_brand',
      'ROLLBACK TO SAVEPOINT lifecycle_brand',
      'SAVEPOINT lifecycle_brand',
      'RELEASE SAVEPOINT lifecycle_brand',
      'SAVEPOINT lifecycle_brand',
      'RELEASE SAVEPOINT lifecycle_brand',
    ]);
  });

  it('keeps claiming while batches come back full, and stops at the first short one', async () => {
    const s = setup(1);
    s.claims.claimIdleDue
      .mockResolvedValueOnce([dueThread('t1', 'a', past(3))])
      .mockResolvedValueOnce([dueThread('t2', 'a', past(2))])
      .mockResolvedValueOnce([]);

    const summary = await s.sweeper.sweepDue();

    expect(summary).toMatchObject({ claimed: 2, transitioned: 2, batches: 3 });
    expect(s.transaction).toHaveBeenCalledTimes(3);
  });

  it('does nothing when nothing is due', async () => {
    const s = setup();
    s.claims.claimIdleDue.mockResolvedValueOnce([]);
    expect(await s.sweeper.sweepDue()).toMatchObject({ claimed: 0, transitioned: 0, batches: 1 });
    expect(s.outbox.enqueue).not.toHaveBeenCalled();
  });
});
