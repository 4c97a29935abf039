import { FixedClock } from '../../core/clock/clock';
import { OutboxService } from '../../outbox/outbox.service';
import { CloseSweeper } from './close-sweeper';
import { ThreadRepository } from '../thread.repository';
import { LifecycleRepository } from './lifecycle.repository';
import { dueThread, fakeTransactions, lifecycleConfig, lifecycleMetrics, transitionCount } from './lifecycle.test-fakes';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('CloseSweeper', () => {
  it('closes threads whose countdown is over: the platform told with closedText, then the DFO case closed', async () => {
    const tx = fakeTransactions();
    const deadline = new Date(now.getTime() - 300);
    const claims = { claimCloseDue: jest.fn().mockResolvedValueOnce([dueThread('t1', 'brand-a', deadline, { closedText: 'Bye!' })]) };
    const threads = { markIdleTimeout: jest.fn(async () => new Set(['t1'])), appendEvents: jest.fn() };
    const outbox = { enqueue: jest.fn(async () => []) };
    const metrics = lifecycleMetrics();
    const sweeper = new CloseSweeper(
      tx.dataSource,
      new FixedClock(now),
      lifecycleConfig(),
      claims as unknown as LifecycleRepository,
      threads as unknown as ThreadRepository,
      outbox as unknown as OutboxService,
      metrics,
    );

    const summary = await sweeper.sweepDue();

    expect(summary).toMatchObject({ claimed: 1, transitioned: 1 });
    expect(threads.markIdleTimeout).toHaveBeenCalledWith('brand-a', ['t1'], now, tx.manager);
    const thread = { brandId: 'brand-a', channelId: 'channel-of-brand-a', threadId: 't1' };
    expect(outbox.enqueue).toHaveBeenCalledWith(tx.manager, [
      { ...thread, kind: 'platform.event', payload: { type: 'conversation.closed', threadId: 'platform-t1', reason: 'idle_timeout', text: 'Bye!' } },
      { ...thread, kind: 'dfo.case_status', payload: { status: 'closed' } },
    ]);
    expect(threads.appendEvents).toHaveBeenCalledWith(
      'brand-a',
      [{ threadId: 't1', type: 'closed', data: { reason: 'idle_timeout', closeDeadlineAt: deadline.toISOString() } }],
      tx.manager,
    );
    expect(await transitionCount(metrics, 'closed', 'idle_timeout')).toBe(1);
  });

  it('does not count a batch whose transaction failed', async () => {
    const tx = fakeTransactions();
    jest.spyOn(tx.dataSource, 'transaction').mockRejectedValueOnce(new Error('connection lost'));
    const metrics = lifecycleMetrics();
    const sweeper = new CloseSweeper(tx.dataSource, new FixedClock(now), lifecycleConfig(), {} as LifecycleRepository, {} as ThreadRepository, {} as OutboxService, metrics);
    await expect(sweeper.sweepDue()).rejects.toThrow('connection lost');
    expect(await transitionCount(metrics, 'closed', 'idle_timeout')).toBe(0);
  });
});
