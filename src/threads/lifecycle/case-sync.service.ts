import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG } from '../../core/config/config.module';
import { AppConfig } from '../../core/config/app-config';
import { DfoCredentials } from '../../dfo-client/dfo-credentials';
import { BrandRateLimiter } from './brand-rate-limiter';
import { CaseCheck, CaseSyncRepository } from './case-sync.repository';
import { CaseCheckOutcome, CaseStatusService } from './case-status.service';
import { LifecycleMetrics } from './lifecycle.metrics';

export interface CaseSyncSummary {
  claimed: number;
  outcomes: Partial<Record<CaseCheckOutcome | 'released', number>>;
  failedBrands: string[];
}

/** Brands whose cases are read at the same time; within a brand, reads go one after another. */
const BRAND_CONCURRENCY = 4;

/**
 * The agent-ended sync: DFO sends no webhook when an agent closes a case, so each round reads the case status of up
 * to `caseSyncBatchSize` not-closed threads, oldest check first, never more per brand than its token bucket allows,
 * and skipping threads checked within the last interval. Costs follow the batch, not the number of open threads:
 * 10,000 open threads are walked through over many rounds at the brand's budget.
 */
@Injectable()
export class CaseSyncService {
  private readonly logger = new Logger(CaseSyncService.name);
  private rotation = 0;
  /** Set at shutdown: the round in progress hands its unchecked claims back instead of calling DFO for each. */
  private stopping = false;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly claims: CaseSyncRepository,
    private readonly cases: CaseStatusService,
    private readonly limiter: BrandRateLimiter,
    private readonly channels: ChannelDirectory,
    private readonly metrics: LifecycleMetrics,
  ) {}

  /** Ends the current round after the DFO call in progress; unchecked threads are released for other instances. */
  stop(): void {
    this.stopping = true;
  }

  async syncOnce(): Promise<CaseSyncSummary> {
    const stopTimer = this.metrics.sweepDuration.startTimer({ sweep: 'case_sync' });
    const summary: CaseSyncSummary = { claimed: 0, outcomes: {}, failedBrands: [] };
    try {
      const now = this.clock.now();
      const groups = await this.claimRound(now);
      summary.claimed = groups.reduce((n, group) => n + group.length, 0);
      await forEachLimited(groups, BRAND_CONCURRENCY, async (group) => {
        try {
          await this.checkBrand(group, now, summary);
        } catch (err) {
          // One brand's trouble (its credentials, a failed write) must not stop the others' checks.
          summary.failedBrands.push(group[0]!.brandId);
          this.logger.error({ err, brandId: group[0]!.brandId }, 'Case sync failed for a brand');
        }
      });
    } finally {
      stopTimer();
    }
    if (summary.claimed > 0) this.logger.log({ sweep: 'case_sync', ...summary }, 'case sync');
    return summary;
  }

  /** Claims per brand, starting from a different brand each round so the batch is shared fairly. */
  private async claimRound(now: Date): Promise<CaseCheck[][]> {
    const { caseSyncBatchSize, caseSyncIntervalMs } = this.config.lifecycle;
    const checkedBefore = new Date(now.getTime() - caseSyncIntervalMs);
    const brandIds = await this.claims.brandIds();
    const start = brandIds.length ? this.rotation++ % brandIds.length : 0;
    const groups: CaseCheck[][] = [];
    let room = caseSyncBatchSize;
    for (const brandId of [...brandIds.slice(start), ...brandIds.slice(0, start)]) {
      const limit = Math.min(room, this.limiter.available(brandId));
      if (limit <= 0) continue;
      const claimed = await this.claims.claimOldest(brandId, now, checkedBefore, limit);
      if (claimed.length > 0) groups.push(claimed);
      room -= claimed.length;
      if (room <= 0) break;
    }
    return groups;
  }

  private async checkBrand(group: CaseCheck[], claimedAt: Date, summary: CaseSyncSummary): Promise<void> {
    const brandId = group[0]!.brandId;
    let credentials: Promise<DfoCredentials> | undefined;
    const credentialsOnce = () => (credentials ??= this.channels.credentialsForBrand(brandId));
    for (let i = 0; i < group.length; i++) {
      const outcome = !this.stopping && this.limiter.tryTake(brandId) ? await this.cases.check(group[i]!, credentialsOnce) : 'backoff';
      if (outcome !== 'backoff') {
        summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
        continue;
      }
      // The brand is out of budget, its DFO is failing, or we are shutting down: the rest keep their place at the
      // front of the line.
      const rest = group.slice(i);
      await this.claims.release(brandId, rest, claimedAt);
      summary.outcomes.released = (summary.outcomes.released ?? 0) + rest.length;
      return;
    }
  }
}

async function forEachLimited<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
