import { EntityManager } from 'typeorm';
import { MetricsService } from '../core/metrics/metrics.service';
import { LifecycleMetrics } from './lifecycle/lifecycle.metrics';
import { OutboxService } from '../outbox/outbox.service';
import { NewDelivery } from '../outbox/outbox.types';
import { ThreadActivityService } from './thread-activity.service';
import { ThreadEntity, ThreadStatus } from './thread.entity';
import { ThreadActivityPatch, ThreadRepository } from './thread.repository';

describe('ThreadActivityService', () => {
  let metrics: LifecycleMetrics;
  const resumes = async () => (await metrics.transitions.get()).values.find((v) => v.labels.transition === 'resumed')?.value ?? 0;
  const manager = {} as EntityManager;
  const at = new Date('2026-01-02T03:00:00.000Z');
  const settings = { idleTimeoutSeconds: 120, idleClockStartsOn: 'agent_message' as const };
  let updates: Array<{ expected: ThreadStatus; patch: ThreadActivityPatch }>;
  let enqueued: NewDelivery[];
  let events: string[];
  let current: ThreadStatus;
  let service: ThreadActivityService;

  beforeEach(() => {
    updates = [];
    enqueued = [];
    events = [];
    current = 'open';
    const threads = {
      applyActivity: async (_b: string, _id: string, expected: ThreadStatus, patch: ThreadActivityPatch) => {
        updates.push({ expected, patch });
        return expected === current;
      },
      appendEvent: async (_b: string, _t: string, type: string) => void events.push(type),
    } as unknown as ThreadRepository;
    const outbox = { enqueue: async (_m: EntityManager, d: NewDelivery) => (enqueued.push(d), ['1']) } as unknown as OutboxService;
    metrics = new LifecycleMetrics(new MetricsService());
    service = new ThreadActivityService(threads, outbox, metrics);
  });

  const thread = (status: ThreadStatus, idleDeadlineAt: Date | null = null) =>
    Object.assign(new ThreadEntity(), { id: 'th-1', brandId: 'b-1', channelId: 'c-1', idOnExternalPlatform: 't-1', status, idleDeadlineAt });

  it('stops the idle clock when the end user writes, conditionally on the status it read', async () => {
    await service.endUserActivity(manager, thread('open', new Date('2026-01-02T03:01:00Z')), settings, 'message', at);
    expect(updates).toEqual([{ expected: 'open', patch: { idleDeadlineAt: null, lastCustomerActivityAt: at } }]);
    expect(enqueued).toEqual([]);
  });

  it('starts it when the agent writes', async () => {
    await service.agentActivity(manager, thread('open'), settings, at);
    expect(updates).toEqual([{ expected: 'open', patch: { lastAgentActivityAt: at, idleDeadlineAt: new Date('2026-01-02T03:02:00.000Z') } }]);
  });

  it('resumes a thread in its countdown: open again, countdown cleared, platform told, timeline written', async () => {
    current = 'idle_warning';
    const resumed = await service.endUserActivity(manager, thread('idle_warning', new Date('2026-01-02T02:59:00Z')), settings, 'presence', at);
    expect(updates).toEqual([
      { expected: 'idle_warning', patch: { idleDeadlineAt: new Date('2026-01-02T03:02:00.000Z'), lastCustomerActivityAt: at, status: 'open', closeDeadlineAt: null } },
    ]);
    expect(enqueued).toEqual([{ brandId: 'b-1', channelId: 'c-1', threadId: 'th-1', kind: 'platform.event', payload: { type: 'conversation.resumed', threadId: 't-1' } }]);
    expect(events).toEqual(['resumed']);
    expect(resumed.status).toBe('open');
    expect(await resumes()).toBe(1);
  });

  it('does not announce a resume that lost the race to the close sweep', async () => {
    current = 'closed';
    await service.endUserActivity(manager, thread('idle_warning', at), settings, 'message', at);
    expect(enqueued).toEqual([]);
    expect(events).toEqual([]);
    expect(await resumes()).toBe(0);
  });

  it('does not resume on `left`, and leaves a closed thread alone', async () => {
    current = 'idle_warning';
    await service.endUserActivity(manager, thread('idle_warning', at), settings, 'left', at);
    expect(updates).toEqual([{ expected: 'idle_warning', patch: { idleDeadlineAt: at } }]);
    updates = [];
    await service.endUserActivity(manager, thread('closed'), settings, 'message', at);
    await service.agentActivity(manager, thread('closed'), settings, at);
    expect(updates).toEqual([]);
  });
});
