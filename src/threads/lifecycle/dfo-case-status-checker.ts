import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { DfoClient } from '../../dfo-client/dfo-client';
import { ThreadEntity } from '../thread.entity';
import { ThreadRepository } from '../thread.repository';
import { ThreadEventRepository } from '../thread-event.repository';
import { CaseStatusChecker } from './case-status-checker';

/**
 * The inbound pipeline's own case check: reads the case from DFO when the cached status is stale and closes the
 * thread (reason `agent`) when the status is one of the channel's `agentClosedStatuses`. The lifecycle module's
 * `CaseStatusService` (rate limits, the sync loop, telling the platform and locking the DFO thread) replaces it.
 * DFO failures are thrown; the caller decides (the inbound pipeline logs and goes on).
 */
@Injectable()
export class DfoCaseStatusChecker extends CaseStatusChecker {
  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: ThreadRepository,
    private readonly events: ThreadEventRepository,
    private readonly directory: ChannelDirectory,
    private readonly dfo: DfoClient,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async refreshIfStale(brandId: string, threadId: string): Promise<void> {
    const thread = await this.threads.findById(brandId, threadId);
    if (!thread || thread.status === 'closed' || !thread.dfoContactId || !this.isStale(thread)) return;
    const channel = await this.directory.findById(brandId, thread.channelId);
    if (!channel) return;
    const contact = await this.dfo.getContact(await this.directory.credentialsForBrand(brandId), thread.dfoContactId);
    if (!contact.status) return;
    const status = contact.status;
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await this.threads.storeCaseStatus(brandId, threadId, status, now, manager);
      if (!channel.settings.agentClosedStatuses.includes(status)) return;
      if (await this.threads.close(brandId, threadId, 'agent', now, manager)) {
        await this.events.append(brandId, threadId, 'closed', { reason: 'agent', caseStatus: status }, manager);
      }
    });
  }

  private isStale(thread: ThreadEntity): boolean {
    const checkedAt = thread.dfoCaseCheckedAt?.getTime() ?? 0;
    return this.clock.now().getTime() - checkedAt >= this.config.lifecycle.caseStatusStaleSeconds * 1000;
  }
}
