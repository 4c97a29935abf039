interface BbwEventData {
  [key: string]: unknown;
}

interface BbwStreamHandlers {
  onEvent(type: string, data: BbwEventData): void;
  onOpen(): void;
  /** `gaveUp`: the browser will not retry by itself (the server refused the stream). */
  onError(gaveUp: boolean): void;
}

const BBW_EVENT_TYPES = ['message', 'typing', 'status', 'idle_warning', 'resumed', 'closed'];

/**
 * The conversation's Server-Sent Events stream. EventSource reconnects by itself after a drop and sends the id of
 * the last event it saw (`Last-Event-ID`), so the server replays what was missed; `lastEventId` is kept here too,
 * for a stream opened anew (after a refused one, or after the session was renewed).
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
    source.onerror = function () { self.handlers.onError(source.readyState === 2); };
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

  /** Open, or reconnecting by itself. */
  get isAlive(): boolean {
    return this.source !== null && this.source.readyState !== 2;
  }

  close(): void {
    if (this.source) this.source.close();
    this.source = null;
  }
}
