import { formatSseComment, formatSseEvent } from './sse-framing';

/** Where a stream writes: the raw HTTP response in production, a string buffer in unit tests. */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  /** Bytes queued in memory because the client reads slower than we write. */
  readonly writableLength: number;
}

export interface StreamEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** A client that stopped reading is dropped rather than buffered without bound; it reconnects and is replayed. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Ids remembered to drop an event that arrives both from the replay and live. */
const REMEMBERED_IDS = 500;

/**
 * One open Server-Sent Events stream of one conversation. It starts in replay mode: live events that arrive while
 * the missed ones are read from the database wait, then go out after them, and nothing is sent twice.
 */
export class SseStream {
  private replaying = true;
  private pending: StreamEvent[] = [];
  private readonly sentIds = new Set<string>();
  private readonly sentOrder: string[] = [];
  private closed = false;

  constructor(
    readonly key: string,
    private readonly sink: SseSink,
    /** The client already has every event up to this id (its Last-Event-ID). */
    private readonly floor: bigint,
    private readonly onClose: (stream: SseStream) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** A live event; held back while the replay runs. */
  deliver(event: StreamEvent): void {
    if (this.closed) return;
    if (this.replaying) this.pending.push(event);
    else this.send(event);
  }

  /** Events read from the log during the replay, oldest first. */
  replay(events: StreamEvent[]): void {
    for (const e of events) this.send(e);
  }

  /** The replay is over: the held-back live events follow, in id order. */
  endReplay(): void {
    this.replaying = false;
    const held = this.pending.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    this.pending = [];
    for (const e of held) this.send(e);
  }

  ping(): void {
    this.write(formatSseComment('ping'));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    try {
      this.sink.end();
    } finally {
      this.onClose(this);
    }
  }

  private send(e: StreamEvent): void {
    if (this.closed || BigInt(e.id) <= this.floor || this.sentIds.has(e.id)) return;
    this.sentIds.add(e.id);
    this.sentOrder.push(e.id);
    if (this.sentOrder.length > REMEMBERED_IDS) this.sentIds.delete(this.sentOrder.shift()!);
    this.write(formatSseEvent({ id: e.id, event: e.type, data: JSON.stringify(e.data) }));
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.sink.writableLength > MAX_BUFFERED_BYTES) {
      this.close();
      return;
    }
    this.sink.write(chunk);
  }
}
