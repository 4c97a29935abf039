import { IncomingMessage, request } from 'node:http';
import { waitFor } from './wait';

export interface ReceivedEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * A minimal Server-Sent Events reader for tests: it parses the stream as a browser would (fields, blank-line
 * dispatch, comments ignored) and lets a test wait for events with a deadline.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  readonly comments: string[] = [];
  private buffer = '';
  private current: { id: string | null; event: string; data: string[] } = { id: null, event: 'message', data: [] };
  private ended = false;

  private constructor(private readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.feed(chunk));
    response.on('end', () => (this.ended = true));
    response.on('close', () => (this.ended = true));
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  get headers(): IncomingMessage['headers'] {
    return this.response.headers;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Resolves once the response headers are in, whatever the status. */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => resolve(new SseClient(res)));
      req.on('error', reject);
      req.setTimeout(10000, () => req.destroy(new Error('SSE connect timeout')));
      req.end();
    });
  }

  /** The whole body, for an error answer. */
  async body(): Promise<string> {
    await this.until(() => this.ended, 'the end of the response');
    return this.buffer;
  }

  async waitForEvent(predicate: (e: ReceivedEvent) => boolean, what: string, timeoutMs = 10000): Promise<ReceivedEvent> {
    let found: ReceivedEvent | undefined;
    await this.until(() => (found = this.events.find(predicate)) !== undefined, what, timeoutMs);
    return found!;
  }

  async until(check: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
    await waitFor(check, () => `${what}; got ${JSON.stringify(this.events)}`, timeoutMs, 20);
  }

  close(): void {
    this.response.destroy();
  }

  private feed(chunk: string): void {
    if (this.response.statusCode !== 200) {
      this.buffer += chunk;
      return;
    }
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + (this.buffer.startsWith('\r\n', newline) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.current.data.length > 0) this.events.push({ id: this.current.id, event: this.current.event, data: this.current.data.join('\n') });
      this.current = { id: null, event: 'message', data: [] };
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') this.current.id = value;
    else if (field === 'event') this.current.event = value;
    else if (field === 'data') this.current.data.push(value);
  }
}
