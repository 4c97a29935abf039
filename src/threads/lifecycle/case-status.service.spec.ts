import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { FixedClock } from '../../core/clock/clock';
import { DfoClient } from '../../dfo-client/dfo-client';
import { DfoBrandCredentials } from '../../dfo-client/dfo-credentials';
import { DfoError } from '../../dfo-client/dfo.errors';
import { BrandRateLimiter } from './brand-rate-limiter';
import { CaseCheck, CaseSyncRepository } from './case-sync.repository';
import { CaseStatusService } from './case-status.service';
import { ThreadRepository } from '../thread.repository';
import { LifecycleTransitions } from './lifecycle-transitions.service';
import { DEFAULT_CHANNEL_SETTINGS } from '../../core/domain/channel-settings';
import { fakeTransactions, lifecycleConfig, lifecycleMetrics, transitionCount } from './lifecycle.test-fakes';

const now = new Date('2026-03-01T12:00:00.000Z');
const credentials = { kind: 'brand', cacheKey: 'k' } as DfoBrandCredentials;

function check(overrides: Partial<CaseCheck> = {}): CaseCheck {
  return {
    id: 'thread-1',
    brandId: 'brand-a',
    channelId: 'channel-1',
    idOnExternalPlatform: 'p-1',
    dfoContactId: '1749798712389111',
    dfoCaseStatus: 'open',
    previousCheckedAt: null,
    settings: { ...DEFAULT_CHANNEL_SETTINGS },
    ...overrides,
  };
}

function setup(rps = 10) {
  const tx = fakeTransactions();
  const transaction = jest.spyOn(tx.dataSource, 'transaction');
  const clock = new FixedClock(now);
  const claims = { claimIfStale: jest.fn(), release: jest.fn() };
  const threads = {
    lockById: jest.fn(async () => ({ status: 'open', dfoCaseStatus: 'open' })),
    storeCaseStatus: jest.fn(),
    appendEvent: jest.fn(),
  };
  const transitions = { closeByAgent: jest.fn(async () => true) };
  const config = lifecycleConfig({ caseSyncBrandRps: rps, caseStatusStaleSeconds: 30 });
  const limiter = new BrandRateLimiter(clock, config);
  const channels = { credentialsForBrand: jest.fn(async () => credentials) };
  const dfo = { getContact: jest.fn() };
  const metrics = lifecycleMetrics();
  const service = new CaseStatusService(
    tx.dataSource,
    clock,
    config,
    claims as unknown as CaseSyncRepository,
    threads as unknown as ThreadRepository,
    transitions as unknown as LifecycleTransitions,
    limiter,
    channels as unknown as ChannelDirectory,
    dfo as unknown as DfoClient,
    metrics,
  );
  return { ...tx, transaction, claims, threads, transitions, limiter, channels, dfo, metrics, service };
}

describe('CaseStatusService', () => {
  it('stores a changed status with a case_status event, and does not close on a status the agent is still working in', async () => {
    const s = setup();
    s.dfo.getContact.mockResolvedValueOnce({ id: '1749798712389111', status: 'pending' });

    expect(await s.service.check(check(), async () => credentials)).toBe('ok');

    expect(s.dfo.getContact).toHaveBeenCalledWith(credentials, '1749798712389111');
    expect(s.threads.lockById).toHaveBeenCalledWith('brand-a', 'thread-1', s.manager);
    expect(s.threads.storeCaseStatus).toHaveBeenCalledWith('brand-a', 'thread-1', 'pending', s.manager);
    expect(s.threads.appendEvent).toHaveBeenCalledWith('brand-a', 'thread-1', 'case_status', { from: 'open', to: 'pending', contactId: '1749798712389111' }, s.manager);
    expect(s.transitions.closeByAgent).not.toHaveBeenCalled();
  });

  it("closes the thread with reason agent when the status is one of the channel's agentClosedStatuses", async () => {
    const s = setup();
    s.dfo.getContact.mockResolvedValueOnce({ id: '1', status: 'trashed' });

    await s.service.check(check(), async () => credentials);

    expect(s.transitions.closeByAgent).toHaveBeenCalledWith(s.manager, 'brand-a', 'thread-1', 'trashed');
    expect(await transitionCount(s.metrics, 'closed', 'agent')).toBe(1);
  });

  it('honours a channel that counts resolved as ended, and writes nothing when the status did not change', async () => {
    const s = setup();
    s.threads.lockById.mockResolvedValueOnce({ status: 'idle_warning', dfoCaseStatus: 'resolved' });
    s.dfo.getContact.mockResolvedValueOnce({ id: '1', status: 'resolved' });

    await s.service.check(check({ settings: { ...DEFAULT_CHANNEL_SETTINGS, agentClosedStatuses: ['resolved'] } }), async () => credentials);

    expect(s.threads.storeCaseStatus).not.toHaveBeenCalled();
    expect(s.threads.appendEvent).not.toHaveBeenCalled();
    expect(s.transitions.closeByAgent).toHaveBeenCalledWith(s.manager, 'brand-a', 'thread-1', 'resolved');
  });

  it('does not count a close that another caller got first', async () => {
    const s = setup();
    s.transitions.closeByAgent.mockResolvedValueOnce(false);
    s.dfo.getContact.mockResolvedValueOnce({ id: '1', status: 'closed' });
    await s.service.check(check(), async () => credentials);
    expect(await transitionCount(s.metrics, 'closed', 'agent')).toBe(0);
  });

  it('changes nothing on a thread that closed while its case was being read (a stale read)', async () => {
    const s = setup();
    s.threads.lockById.mockResolvedValueOnce({ status: 'closed', dfoCaseStatus: 'open' });
    s.dfo.getContact.mockResolvedValueOnce({ id: '1', status: 'closed' });

    expect(await s.service.check(check(), async () => credentials)).toBe('ok');

    expect(s.threads.storeCaseStatus).not.toHaveBeenCalled();
    expect(s.threads.appendEvent).not.toHaveBeenCalled();
    expect(s.transitions.closeByAgent).not.toHaveBeenCalled();
  });

  it('records a case DFO does not know and moves on', async () => {
    const s = setup();
    s.dfo.getContact.mockRejectedValueOnce(new DfoError('NOT_FOUND', 'no such contact'));
    expect(await s.service.check(check(), async () => credentials)).toBe('not_found');
    expect(s.transaction).not.toHaveBeenCalled();
    expect(s.limiter.available('brand-a')).toBe(10);
  });

  it.each([
    ['RATE_LIMITED', 3_000, 3_000],
    ['RETRYABLE', undefined, 10_000],
  ] as const)('backs the brand off on %s', async (kind, retryAfterMs, pausedMs) => {
    const s = setup();
    s.dfo.getContact.mockRejectedValueOnce(new DfoError(kind, 'slow down', { retryAfterMs }));
    expect(await s.service.check(check(), async () => credentials)).toBe('backoff');
    expect(s.limiter.available('brand-a')).toBe(0);
    expect(s.limiter.available('brand-b')).toBe(10);
    (s.service as unknown as { clock: FixedClock }).clock.advance(pausedMs + 1000);
    expect(s.limiter.available('brand-a')).toBe(10);
  });

  describe('refreshIfStale', () => {
    it('checks a thread whose cached status is stale, before the message goes on', async () => {
      const s = setup();
      s.claims.claimIfStale.mockResolvedValueOnce(check());
      s.dfo.getContact.mockResolvedValueOnce({ id: '1', status: 'closed' });

      await s.service.refreshIfStale('brand-a', 'thread-1');

      expect(s.claims.claimIfStale).toHaveBeenCalledWith('brand-a', 'thread-1', now, new Date(now.getTime() - 30_000));
      expect(s.transitions.closeByAgent).toHaveBeenCalledWith(s.manager, 'brand-a', 'thread-1', 'closed');
      expect(s.limiter.available('brand-a')).toBe(9);
    });

    it('does not call DFO when the status is fresh (nothing claimed)', async () => {
      const s = setup();
      s.claims.claimIfStale.mockResolvedValueOnce(null);
      await s.service.refreshIfStale('brand-a', 'thread-1');
      expect(s.dfo.getContact).not.toHaveBeenCalled();
    });

    it("does not exceed the brand's budget: without a token it lets the message go and gives the claim back", async () => {
      const s = setup(1);
      s.limiter.tryTake('brand-a');
      s.claims.claimIfStale.mockResolvedValueOnce(check({ previousCheckedAt: new Date('2026-03-01T11:00:00.000Z') }));

      await s.service.refreshIfStale('brand-a', 'thread-1');

      expect(s.dfo.getContact).not.toHaveBeenCalled();
      expect(s.claims.release).toHaveBeenCalledWith('brand-a', [expect.objectContaining({ id: 'thread-1' })], now);
    });

    it('never throws for DFO trouble', async () => {
      const s = setup();
      s.claims.claimIfStale.mockResolvedValueOnce(check());
      s.dfo.getContact.mockRejectedValueOnce(new DfoError('RETRYABLE', 'DFO is down'));
      await expect(s.service.refreshIfStale('brand-a', 'thread-1')).resolves.toBeUndefined();
      expect(s.claims.release).toHaveBeenCalled();
    });
  });
});
