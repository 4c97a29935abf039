import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { InboundEvent } from '../../platform-adapters/platform-adapter';
import { CaseStatusChecker } from '../../threads/lifecycle/case-status-checker';
import { ThreadRepository } from '../../threads/thread.repository';
import { EndUserStatusNotifier } from '../delivery/end-user-status.notifier';
import { MessageRepository } from '../message.repository';
import { InboundMessageWriter, MessageEvent } from './inbound-message.writer';
import { InboundSignalsWriter } from './inbound-signals.writer';

/** The ids of the request's message events: stored now, or known already (a platform retry). */
export interface IngestResult {
  accepted: string[];
  duplicates: string[];
}

/**
 * The inbound pipeline (docs/architecture.md §4), for every platform: the webhook controller and the web chat call
 * `ingest` with events their adapter verified and parsed. All events of one call are stored in ONE transaction, so
 * the platform's 2xx (sent after this returns) means all of it is durable and queued for DFO, and an error means
 * none of it is. Deliveries wake the outbox workers after the commit; a blocked message's `blocked` tick goes to the
 * platform after it too.
 */
@Injectable()
export class InboundService {
  private readonly logger = new Logger(InboundService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly messageWriter: InboundMessageWriter,
    private readonly signalsWriter: InboundSignalsWriter,
    private readonly messages: MessageRepository,
    private readonly threads: ThreadRepository,
    private readonly caseStatus: CaseStatusChecker,
    private readonly endUserStatus: EndUserStatusNotifier,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async ingest(channel: ChannelEntity, events: InboundEvent[]): Promise<IngestResult> {
    await this.refreshStaleCases(channel, events.filter(isMessage));
    const result: IngestResult = { accepted: [], duplicates: [] };
    const blocked: MessageEvent[] = [];
    await this.dataSource.transaction(async (manager) => {
      for (const event of events) {
        if (!isMessage(event)) {
          await this.signalsWriter.write(manager, channel, event);
          continue;
        }
        const outcome = await this.messageWriter.write(manager, channel, event);
        (outcome === 'duplicate' ? result.duplicates : result.accepted).push(event.id);
        if (outcome === 'blocked') blocked.push(event);
      }
    });
    for (const m of blocked) await this.endUserStatus.notify(channel, { threadId: m.threadId, messageId: m.id, status: 'blocked' });
    return result;
  }

  /**
   * Before a message is forwarded on a conversation whose cached DFO case status is stale, the case is read: the
   * agent may have ended it, and then the message must not reach DFO (it is blocked, or starts a new case). This
   * calls DFO, so it runs before the transaction (PGlite has one connection). A failure only costs the freshness.
   */
  private async refreshStaleCases(channel: ChannelEntity, messages: MessageEvent[]): Promise<void> {
    const staleBefore = this.clock.now().getTime() - this.config.lifecycle.caseStatusStaleSeconds * 1000;
    for (const threadId of new Set(messages.map((m) => m.threadId))) {
      const live = await this.threads.findLive(channel.brandId, channel.id, threadId);
      if (!live?.dfoContactId || (live.dfoCaseCheckedAt?.getTime() ?? 0) > staleBefore) continue;
      const fresh = messages.filter((m) => m.threadId === threadId);
      if (await this.allKnown(channel, fresh)) continue;
      await this.caseStatus.refreshIfStale(channel.brandId, live.id).catch((err: unknown) => {
        this.logger.warn({ err, brandId: channel.brandId, threadId: live.id }, 'Could not check the DFO case before forwarding; going on');
      });
    }
  }

  /** A replay of known messages forwards nothing, so it need not cost a DFO call. */
  private async allKnown(channel: ChannelEntity, messages: MessageEvent[]): Promise<boolean> {
    for (const m of messages) {
      if (!(await this.messages.findByExternalId(channel.brandId, channel.id, 'inbound', m.id))) return false;
    }
    return true;
  }
}

function isMessage(event: InboundEvent): event is MessageEvent {
  return event.type === 'message';
}
