import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { EventBus } from '../../../core/events/event-bus';
import { MetricsService } from '../../../core/metrics/metrics.service';
import { PlatformAdapterError } from '../../platform-adapters.errors';
import { ConversationKey, WebchatEventRepository } from './webchat-event.repository';
import { WebchatEventEntity, WebchatEventType } from './webchat-event.entity';

/** The event bus topic; the payload names the row, and each instance reads it only if it holds a stream for it. */
export const WEBCHAT_EVENTS_TOPIC = 'webchat_events';

export interface WebchatEventNotice {
  brandId: string;
  channelId: string;
  conversationId: string;
  eventId: string;
}

export function parseNotice(payload: string): WebchatEventNotice | null {
  try {
    const n = JSON.parse(payload) as Partial<WebchatEventNotice>;
    if ([n.brandId, n.channelId, n.conversationId, n.eventId].every((v) => typeof v === 'string')) return n as WebchatEventNotice;
  } catch {
    // A foreign or truncated payload; nothing to deliver.
  }
  return null;
}

/**
 * Records a web chat event and announces it. The row is the truth (a browser that reconnects is replayed from it);
 * the announcement only makes open streams see it at once, on whichever instance holds them.
 */
@Injectable()
export class WebchatEventLog {
  private readonly logger = new Logger(WebchatEventLog.name);
  private readonly recorded: Counter<'type'>;

  constructor(
    private readonly events: WebchatEventRepository,
    private readonly bus: EventBus,
    metrics: MetricsService,
  ) {
    this.recorded = metrics.counter('webchat_events_total', 'Web chat events recorded for browsers', ['type']);
  }

  async record(brandId: string, key: ConversationKey, type: WebchatEventType, data: Record<string, unknown>): Promise<WebchatEventEntity> {
    const event = await this.events.append(brandId, key, type, data);
    if (!event) {
      // The outbox recorded the thread before asking us to send to it, so this is not worth retrying.
      throw new PlatformAdapterError('REJECTED', `No web chat thread "${key.conversationId}" on this channel`);
    }
    this.recorded.inc({ type });
    const notice: WebchatEventNotice = { brandId, channelId: key.channelId, conversationId: key.conversationId, eventId: event.id };
    try {
      await this.bus.publish(WEBCHAT_EVENTS_TOPIC, JSON.stringify(notice));
    } catch (err) {
      // Stored but not announced: the browser gets it when its stream reconnects with Last-Event-ID.
      this.logger.warn({ err, brandId, eventId: event.id }, 'Could not announce a web chat event');
    }
    return event;
  }
}
