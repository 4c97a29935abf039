import { FixedClock } from '../../core/clock/clock';
import { OutboxService } from '../../outbox/outbox.service';
import { CloseSweeper } from './close-sweeper';
import { LifecycleRepository } from './lifecycle.repository';
import { dueThread, fakeTransactions, lifecycleConfig, lifecycleMetrics, transitionCount } from './lifecycle.test-fakes';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('CloseSweeper', () => {
  it('closes threads whose countdown is over: the platform told with closedText, then the DFO case closed', async () => {
    const tx = fakeTransactions();
    const deadline = new Date(now.getTime() - 300);
    const repository = {
      claimCloseDue: jest.fn().mockResolvedValueOnce([dueThread('t1', 'brand-a', deadline, { closedText: 'Bye!' })]),
      markIdleTimeout: jest.fn(async () => new Set(['t1'])),
      insertEvents: jest.fn(),
    };
    const outbox = { enqueue: jest.fn(async () => []) };
    const metrics = lifecycleMetrics();
    const sweeper = new CloseSweeper(tx.dataSource, new FixedClock(now), lifecycleConfig(), repository as unknown as LifecycleRepository, outbox as unknown as OutboxService, metrics);

    const summary = await sweeper.sweepDue();

    expect(summary).toMatchObject({ claimed: 1, transitioned: 1 });
    expect(repository.markIdleTimeout).toHaveBeenCalledWith(tx.manager, 'brand-a', ['t1'], now);
    const thread = { brandId: 'brand-a', channelId: 'channel-of-brand-a', threadId: 't1' };
    expect(outbox.enqueue).toHaveBeenCalledWith(tx.manager, [
      { ...thread, kind: 'platform.event', payload: { type: 'conversation.closed', threadId: 'platform-t1', reason: 'idle_timeout', text: 'Bye!' } },
      { ...thread, kind: 'dfo.case_status', payload: { status: 'closed' } },
    ]);
    expect(repository.insertEvents).toHaveBeenCalledWith(tx.manager, [
      { threadId: 't1', brandId: 'brand-a', type: 'closed', data: { reason: 'idle_timeout', closeDeadlineAt: deadline.toISOString() } },
    ]);
    expect(await transitionCount(metrics, 'closed', 'idle_timeout')).toBe(1);
  });

  it('does not count a batch whose transaction failed', async () => {
    const tx = fakeTransactions();
    jest.spyOn(tx.dataSource, 'transaction').mockRejectedValueOnce(new Error('connection lost'));
    const metrics = lifecycleMetrics();
    const sweeper = new CloseSweeper(tx.dataSource, new FixedClock(now), lifecycleConfig(), {} as LifecycleRepository, {} as OutboxService, metrics);
    await expect(sweeper.sweepDue()).rejects.toThrow('connection lost');
    expect(await transitionCount(metrics, 'closed', 'idle_timeout')).toBe(0);
  });
});
