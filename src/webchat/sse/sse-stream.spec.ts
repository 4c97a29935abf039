import { SseSink, SseStream } from './sse-stream';

class BufferSink implements SseSink {
  chunks: string[] = [];
  ended = false;
  writableLength = 0;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  ids(): string[] {
    return this.chunks.flatMap((c) => [...c.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]!));
  }
}

const ev = (id: string, type = 'message') => ({ id, type, data: { n: Number(id) } });

describe('SseStream', () => {
  it('holds live events back during the replay and sends each event once, in order', () => {
    const sink = new BufferSink();
    const stream = new SseStream('k', sink, 3n, () => undefined);
    stream.deliver(ev('6'));
    stream.deliver(ev('5'));
    expect(sink.chunks).toEqual([]);
    stream.replay([ev('4'), ev('5')]);
    stream.endReplay();
    stream.deliver(ev('6'));
    stream.deliver(ev('7'));
    expect(sink.ids()).toEqual(['4', '5', '6', '7']);
    expect(sink.chunks[0]).toBe('id: 4\nevent: message\ndata: {"n":4}\n\n');
  });

  it('never sends what the client already had (its Last-Event-ID)', () => {
    const sink = new BufferSink();
    const stream = new SseStream('k', sink, 10n, () => undefined);
    stream.endReplay();
    stream.deliver(ev('9'));
    stream.deliver(ev('10'));
    stream.deliver(ev('11'));
    expect(sink.ids()).toEqual(['11']);
  });

  it('writes pings as comments and stops writing once closed', () => {
    const sink = new BufferSink();
    const closed: SseStream[] = [];
    const stream = new SseStream('k', sink, 0n, (s) => closed.push(s));
    stream.endReplay();
    stream.ping();
    stream.close();
    stream.close();
    stream.deliver(ev('1'));
    expect(sink.chunks).toEqual([': ping\n\n']);
    expect(sink.ended).toBe(true);
    expect(closed).toEqual([stream]);
    expect(stream.isClosed).toBe(true);
  });

  it('drops a client that stopped reading instead of buffering without bound', () => {
    const sink = new BufferSink();
    const stream = new SseStream('k', sink, 0n, () => undefined);
    stream.endReplay();
    sink.writableLength = 2 * 1024 * 1024;
    stream.deliver(ev('1'));
    expect(sink.chunks).toEqual([]);
    expect(stream.isClosed).toBe(true);
  });
});
