import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG } from '../../core/config/config.module';
import { AppConfig } from '../../core/config/app-config';
import { DfoClient } from '../../dfo-client/dfo-client';
import { DfoCredentials } from '../../dfo-client/dfo-credentials';
import { DfoError } from '../../dfo-client/dfo.errors';
import { BrandRateLimiter } from './brand-rate-limiter';
import { CaseCheck, CaseSyncRepository } from './case-sync.repository';
import { CaseStatusChecker } from './case-status-checker';
import { ThreadRepository } from '../thread.repository';
import { LifecycleMetrics } from './lifecycle.metrics';
import { LifecycleTransitions } from './lifecycle-transitions.service';

/** `ok`: read and applied; `skipped`: nothing to do; `backoff`: the brand's DFO is failing, stop for now. */
export type CaseCheckOutcome = 'ok' | 'not_found' | 'failed' | 'backoff';

/** How long a brand pauses after DFO refused its credentials, or failed without saying when to come back. */
const AUTH_FAILED_PAUSE_MS = 60_000;
const RETRYABLE_PAUSE_MS = 10_000;

/**
 * Reads DFO case statuses and acts on them: the cached status is stored (with a `case_status` event when it changed),
 * and a status in the channel's `agentClosedStatuses` closes the thread with reason `agent`. Used by the sync loop
 * (`CaseSyncService`) and, before an inbound message is forwarded, by the `dfo.create_message` handler (`refreshIfStale`).
 */
@Injectable()
export class CaseStatusService extends CaseStatusChecker {
  private readonly logger = new Logger(CaseStatusService.name);
  private readonly staleMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly claims: CaseSyncRepository,
    private readonly threads: ThreadRepository,
    private readonly transitions: LifecycleTransitions,
    private readonly limiter: BrandRateLimiter,
    private readonly channels: ChannelDirectory,
    private readonly dfo: DfoClient,
    private readonly metrics: LifecycleMetrics,
  ) {
    super();
    this.staleMs = config.lifecycle.caseStatusStaleSeconds * 1000;
  }

  /**
   * Checks the case first when the cached status is older than `caseStatusStaleSeconds`. Never throws for DFO
   * trouble (the message must not wait on it; the sync loop catches up) and spends the brand's budget like the loop.
   * Call it outside any transaction that holds the thread's row lock: it takes that lock itself.
   */
  async refreshIfStale(brandId: string, threadId: string): Promise<void> {
    const now = this.clock.now();
    const check = await this.claims.claimIfStale(brandId, threadId, now, new Date(now.getTime() - this.staleMs));
    if (!check) return;
    if (!this.limiter.tryTake(brandId)) {
      await this.claims.release(brandId, [check], now);
      return;
    }
    const outcome = await this.check(check, () => this.channels.credentialsForBrand(brandId));
    if (outcome === 'backoff') await this.claims.release(brandId, [check], now);
  }

  /** Reads one claimed case and applies it. DFO failures are logged and reported as the outcome, never thrown. */
  async check(check: CaseCheck, credentials: () => Promise<DfoCredentials>): Promise<CaseCheckOutcome> {
    let status: string | undefined;
    try {
      status = (await this.dfo.getContact(await credentials(), check.dfoContactId)).status;
    } catch (err) {
      return this.failed(check, err);
    }
    this.metrics.caseChecks.inc({ result: 'ok' });
    if (status) await this.apply(check, status);
    return 'ok';
  }

  private async apply(check: CaseCheck, status: string): Promise<void> {
    const closedByAgent = await this.dataSource.transaction(async (manager) => {
      const current = await this.threads.lockById(check.brandId, check.id, manager);
      // A thread that closed while its case was being read (often by our own idle close) is out of the sync's
      // scope: the read is stale, and recording it would put a case event after the end of the timeline.
      if (!current || current.status === 'closed') return false;
      if (current.dfoCaseStatus !== status) {
        await this.threads.storeCaseStatus(check.brandId, check.id, status, manager);
        await this.threads.appendEvent(check.brandId, check.id, 'case_status', { from: current.dfoCaseStatus, to: status, contactId: check.dfoContactId }, manager);
      }
      const agentClosed = (check.settings.agentClosedStatuses as string[]).includes(status);
      if (!agentClosed) return false;
      return this.transitions.closeByAgent(manager, check.brandId, check.id, status);
    });
    if (closedByAgent) {
      this.metrics.transition('closed', 'agent');
      this.logger.log({ brandId: check.brandId, threadId: check.id, caseStatus: status }, 'The agent ended the conversation');
    }
  }

  private failed(check: CaseCheck, err: unknown): CaseCheckOutcome {
    const log = { err, brandId: check.brandId, threadId: check.id, contactId: check.dfoContactId };
    if (!(err instanceof DfoError)) {
      this.metrics.caseChecks.inc({ result: 'error' });
      this.logger.error(log, 'Case status check failed');
      return 'failed';
    }
    this.metrics.caseChecks.inc({ result: err.kind.toLowerCase() });
    switch (err.kind) {
      case 'NOT_FOUND':
        // The case is gone from DFO (or never existed there); nothing to act on, and the next round tries again.
        this.logger.warn(log, 'DFO does not know this case');
        return 'not_found';
      case 'RETRYABLE':
      case 'RATE_LIMITED':
        this.limiter.pause(check.brandId, err.extra.retryAfterMs ?? RETRYABLE_PAUSE_MS);
        this.logger.warn(log, 'DFO is failing or throttling this brand; case checks paused');
        return 'backoff';
      case 'AUTH_FAILED':
        this.limiter.pause(check.brandId, AUTH_FAILED_PAUSE_MS);
        this.logger.error(log, `DFO refused this brand's credentials; case checks paused`);
        return 'backoff';
      case 'REJECTED':
        this.logger.error(log, 'DFO rejected a case status read');
        return 'failed';
    }
  }
}
