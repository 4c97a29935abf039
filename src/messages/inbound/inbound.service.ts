import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { OutboxService } from '../../outbox/outbox.service';
import { InboundEvent } from '../../platform-adapters/platform-adapter';
import { EndUserStatusNotifier } from '../delivery/end-user-status.notifier';
import { FastOutcome, InboundFastPath } from './inbound-fast-path';
import { InboundMessageWriter, MessageEvent } from './inbound-message.writer';
import { InboundSignalsWriter } from './inbound-signals.writer';

/** The ids of the request's message events: stored now, or known already (a platform retry). */
export interface IngestResult {
  accepted: string[];
  duplicates: string[];
}

/**
 * The inbound pipeline (docs/architecture.md §4), for every platform: the webhook controller and the web chat call
 * `ingest` with events their adapter verified and parsed. All events of one call are stored atomically, so the
 * platform's 2xx (sent after this returns) means all of it is durable and queued for DFO, and an error means none
 * of it is. Deliveries wake the outbox workers after the commit; a blocked message's `blocked` tick goes to the
 * platform after it too.
 *
 * The common request, one message on an open conversation, is one statement (`InboundFastPath`) and one round trip.
 * Anything else runs in one transaction: each message through the fast path when its conversation is open, else
 * through `InboundMessageWriter`; every other event through `InboundSignalsWriter`.
 *
 * Whether the agent has ended the conversation in DFO meanwhile is not checked here: that check calls DFO, and the
 * platform must not wait on DFO. The `dfo.create_message` handler checks a stale case before it forwards (see
 * `CaseGate`), and the case-sync loop keeps the cached statuses fresh.
 */
@Injectable()
export class InboundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly fastPath: InboundFastPath,
    private readonly messageWriter: InboundMessageWriter,
    private readonly signalsWriter: InboundSignalsWriter,
    private readonly outbox: OutboxService,
    private readonly endUserStatus: EndUserStatusNotifier,
  ) {}

  async ingest(channel: ChannelEntity, events: InboundEvent[]): Promise<IngestResult> {
    const result: IngestResult = { accepted: [], duplicates: [] };
    const single = events.length === 1 && isMessage(events[0]!) ? events[0] : null;
    if (single) {
      const outcome = await this.fastPath.write(this.dataSource.manager, channel, single);
      if (outcome !== 'slow') {
        record(result, single, outcome);
        if (outcome === 'accepted') this.outbox.wakeWhenCommitted(this.dataSource.manager);
        return result;
      }
    }
    const blocked: MessageEvent[] = [];
    await this.dataSource.transaction(async (manager) => {
      for (const event of events) {
        if (!isMessage(event)) {
          await this.signalsWriter.write(manager, channel, event);
          continue;
        }
        const outcome = await this.writeMessage(manager, channel, event, event !== single);
        record(result, event, outcome);
        if (outcome === 'blocked') blocked.push(event);
      }
    });
    for (const m of blocked) await this.endUserStatus.notify(channel, { threadId: m.threadId, messageId: m.id, status: 'blocked' });
    return result;
  }

  private async writeMessage(manager: EntityManager, channel: ChannelEntity, event: MessageEvent, tryFast: boolean): Promise<FastOutcome | 'blocked'> {
    const fast = tryFast ? await this.fastPath.write(manager, channel, event) : 'slow';
    if (fast === 'accepted') this.outbox.wakeWhenCommitted(manager);
    return fast === 'slow' ? this.messageWriter.write(manager, channel, event) : fast;
  }
}

function record(result: IngestResult, event: MessageEvent, outcome: FastOutcome | 'blocked'): void {
  (outcome === 'duplicate' ? result.duplicates : result.accepted).push(event.id);
}

function isMessage(event: InboundEvent): event is MessageEvent {
  return event.type === 'message';
}
