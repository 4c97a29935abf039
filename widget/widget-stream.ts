interface BbwEventData {
  [key: string]: unknown;
}

interface BbwStreamHandlers {
  onEvent(type: string, data: BbwEventData): void;
  onOpen(): void;
  /** The stream dropped or was refused; it is closed, and the chat opens a new one with a new ticket. */
  onError(): void;
}

const BBW_EVENT_TYPES = ['message', 'typing', 'status', 'idle_warning', 'resumed', 'closed'];

/**
 * The conversation's Server-Sent Events stream. Its URL carries a one-use ticket, so EventSource's own reconnect
 * (same URL) could only be refused: on any error the stream is closed and the chat opens a new one with a new
 * ticket and `lastEventId`, the id of the last event seen, so the server replays what was missed.
 */
class BbwStream {
  lastEventId = '0';
  private source: EventSource | null = null;

  constructor(private readonly handlers: BbwStreamHandlers) {}

  open(url: string): void {
    this.close();
    const source = new EventSource(url);
    this.source = source;
    const self = this;
    source.onopen = function () { self.handlers.onOpen(); };
    source.onerror = function () {
      source.close();
      if (self.source === source) self.source = null;
      self.handlers.onError();
    };
    BBW_EVENT_TYPES.forEach(function (type) {
      source.addEventListener(type, function (e) {
        const me = e as MessageEvent;
        if (me.lastEventId) self.lastEventId = me.lastEventId;
        let data: BbwEventData;
        try {
          data = JSON.parse(me.data) as BbwEventData;
        } catch (err) {
          return;
        }
        self.handlers.onEvent(type, data);
      });
    });
  }

  /** Open, or opening. */
  get isAlive(): boolean {
    return this.source !== null && this.source.readyState !== 2;
  }

  close(): void {
    if (this.source) this.source.close();
    this.source = null;
  }
}
