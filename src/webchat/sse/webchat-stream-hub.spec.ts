import { AppConfig } from '../../core/config/app-config';
import { InProcessEventBus } from '../../core/events/in-process-event-bus';
import { MetricsService } from '../../core/metrics/metrics.service';
import { WebchatEventEntity } from '../../platform-adapters/webchat/events/webchat-event.entity';
import { WebchatEventRepository } from '../../platform-adapters/webchat/events/webchat-event.repository';
import { WEBCHAT_EVENTS_TOPIC } from '../../platform-adapters/webchat/events/webchat-event-log';
import { SseSink, SseStream } from './sse-stream';
import { conversationKey, WebchatStreamHub } from './webchat-stream-hub';

function sink(): SseSink & { chunks: string[] } {
  return { chunks: [] as string[], writableLength: 0, write(c: string) { this.chunks.push(c); return true; }, end() {} };
}

function eventRow(id: string): WebchatEventEntity {
  return Object.assign(new WebchatEventEntity(), { id, brandId: 'b', channelId: 'c', threadId: 't', conversationId: 'v', type: 'typing', data: { on: true } });
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('WebchatStreamHub', () => {
  const config = { webchat: { sseHeartbeatMs: 60_000, maxStreamsPerSession: 10 } } as AppConfig;
  let bus: InProcessEventBus;
  let hub: WebchatStreamHub;
  const findById = jest.fn(async (_brandId: string, id: string) => eventRow(id));

  beforeEach(async () => {
    bus = new InProcessEventBus();
    findById.mockClear();
    hub = new WebchatStreamHub(bus, { findById } as unknown as WebchatEventRepository, config, new MetricsService());
    await hub.onModuleInit();
  });
  afterEach(() => hub.beforeApplicationShutdown());

  it('writes an announced event to the streams of that conversation only', async () => {
    const mine = sink();
    const other = sink();
    const a = new SseStream(conversationKey({ channelId: 'c', conversationId: 'v' }), mine, 0n, (s) => hub.remove(s));
    const b = new SseStream(conversationKey({ channelId: 'c', conversationId: 'w' }), other, 0n, (s) => hub.remove(s));
    hub.add(a);
    hub.add(b);
    a.endReplay();
    b.endReplay();
    await bus.publish(WEBCHAT_EVENTS_TOPIC, JSON.stringify({ brandId: 'b', channelId: 'c', conversationId: 'v', eventId: '7' }));
    await settle();
    expect(findById).toHaveBeenCalledWith('b', '7');
    expect(mine.chunks).toEqual(['id: 7\nevent: typing\ndata: {"on":true}\n\n']);
    expect(other.chunks).toEqual([]);
  });

  it('does not read the database for conversations it holds no stream of, nor for junk', async () => {
    await bus.publish(WEBCHAT_EVENTS_TOPIC, JSON.stringify({ brandId: 'b', channelId: 'c', conversationId: 'nobody', eventId: '1' }));
    await bus.publish(WEBCHAT_EVENTS_TOPIC, 'not json');
    await settle();
    expect(findById).not.toHaveBeenCalled();
  });

  it('refuses an eleventh stream of one conversation and closes every stream at shutdown', async () => {
    const streams = Array.from({ length: 10 }, () => new SseStream('c:v', sink(), 0n, (s) => hub.remove(s)));
    streams.forEach((s) => hub.add(s));
    expect(() => hub.add(new SseStream('c:v', sink(), 0n, () => undefined))).toThrow(expect.objectContaining({ code: 'WEBCHAT.TOO_MANY_STREAMS' }));
    expect(hub.count()).toBe(10);
    await hub.beforeApplicationShutdown();
    expect(streams.every((s) => s.isClosed)).toBe(true);
    expect(hub.count()).toBe(0);
  });
});
