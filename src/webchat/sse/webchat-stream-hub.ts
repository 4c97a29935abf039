import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { EventBus } from '../../core/events/event-bus';
import { MetricsService } from '../../core/metrics/metrics.service';
import { ConversationKey, WebchatEventRepository } from '../../platform-adapters/webchat/events/webchat-event.repository';
import { parseNotice, WEBCHAT_EVENTS_TOPIC, WebchatEventNotice } from '../../platform-adapters/webchat/events/webchat-event-log';
import { WebchatError } from '../../platform-adapters/webchat/webchat.errors';
import { SseStream } from './sse-stream';

export function conversationKey(key: ConversationKey): string {
  return `${key.channelId}:${key.conversationId}`;
}

/**
 * The open Server-Sent Events streams of this instance, by conversation. Whichever instance recorded an event
 * announces it on the event bus (LISTEN/NOTIFY, or in-process when embedded); the instance that holds a stream of
 * that conversation reads the row and writes it. It pings every stream so proxies keep them open, and it ends them
 * all at shutdown, or the HTTP server would wait for them forever.
 */
@Injectable()
export class WebchatStreamHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebchatStreamHub.name);
  private readonly streams = new Map<string, Set<SseStream>>();
  private readonly openStreams: Gauge;
  private unsubscribe: (() => Promise<void>) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly events: WebchatEventRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.openStreams = metrics.gauge('webchat_sse_streams', 'Open web chat Server-Sent Events streams on this instance');
  }

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(WEBCHAT_EVENTS_TOPIC, (payload) => {
      const notice = parseNotice(payload);
      if (notice) void this.dispatch(notice);
    });
    this.heartbeat = setInterval(() => this.pingAll(), this.config.webchat.sseHeartbeatMs);
    this.heartbeat.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of [...this.streams.values()]) for (const stream of [...set]) stream.close();
    await this.unsubscribe?.().catch(() => undefined);
  }

  /** Registers a stream before its replay starts, so that nothing announced meanwhile is missed. */
  add(stream: SseStream): void {
    let set = this.streams.get(stream.key);
    if (!set) {
      set = new Set();
      this.streams.set(stream.key, set);
    }
    // A few tabs of one visitor are normal (WEBCHAT_MAX_STREAMS_PER_SESSION); more is a leak or abuse, and each holds a socket.
    if (set.size >= this.config.webchat.maxStreamsPerSession) throw new WebchatError('WEBCHAT.TOO_MANY_STREAMS', 'Too many open event streams for this session');
    set.add(stream);
    this.openStreams.inc();
  }

  remove(stream: SseStream): void {
    const set = this.streams.get(stream.key);
    if (!set?.delete(stream)) return;
    this.openStreams.dec();
    if (set.size === 0) this.streams.delete(stream.key);
  }

  count(): number {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  private async dispatch(notice: WebchatEventNotice): Promise<void> {
    const set = this.streams.get(conversationKey(notice));
    if (!set || set.size === 0) return;
    try {
      const event = await this.events.findById(notice.brandId, notice.eventId);
      if (!event) return;
      for (const stream of [...set]) stream.deliver({ id: event.id, type: event.type, data: event.data });
    } catch (err) {
      // The browser still gets it: the next reconnect replays from its Last-Event-ID.
      this.logger.warn({ err, brandId: notice.brandId, eventId: notice.eventId }, 'Could not deliver a web chat event');
    }
  }

  private pingAll(): void {
    for (const set of [...this.streams.values()]) for (const stream of [...set]) stream.ping();
  }
}
