import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DfoCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  at: Date;
}

interface Failure {
  match: RegExp;
  status: number;
  remaining: number;
  retryAfter?: string;
}

/**
 * A DFO stand-in that answers every operation the messaging core uses, records each call with its parsed body, and
 * fails the calls that match a pattern for as long as told. For e2e specs that pin the exact wire format we send;
 * the sandbox emulator covers DFO's behaviour.
 */
export class RecordingDfo {
  readonly calls: DfoCall[] = [];
  /** Case statuses `GET /contacts/{id}` answers with (default `open`). */
  readonly caseStatuses = new Map<string, string>();
  private failures: Failure[] = [];
  private contacts = 0;
  private readonly caseByThread = new Map<string, string>();
  private server!: Server;
  origin = '';

  static async start(): Promise<RecordingDfo> {
    const dfo = new RecordingDfo();
    dfo.server = createServer((req, res) => void dfo.handle(req, res));
    await new Promise<void>((resolve) => dfo.server.listen(0, '127.0.0.1', resolve));
    dfo.origin = `http://127.0.0.1:${(dfo.server.address() as AddressInfo).port}`;
    return dfo;
  }

  get apiBaseUrl(): string {
    return `${this.origin}/dfo/3.0`;
  }

  get authUrl(): string {
    return `${this.origin}/auth/token`;
  }

  /** Answers `status` to calls whose `METHOD /path` matches, `times` times (default: until `heal()`). */
  fail(match: RegExp, status: number, options: { times?: number; retryAfter?: string } = {}): void {
    this.failures.push({ match, status, remaining: options.times ?? Number.POSITIVE_INFINITY, retryAfter: options.retryAfter });
  }

  heal(): void {
    this.failures = [];
  }

  /** Calls (not failed ones) whose `METHOD /path` matches. */
  callsTo(match: RegExp): DfoCall[] {
    return this.calls.filter((c) => match.test(`${c.method} ${c.path}`));
  }

  createMessages(dfoChannelId: string): DfoCall[] {
    return this.callsTo(new RegExp(`^POST /dfo/3\\.0/channels/${escape(dfoChannelId)}/messages$`));
  }

  statuses(dfoChannelId: string): DfoCall[] {
    return this.callsTo(new RegExp(`^PUT /dfo/3\\.0/channels/${escape(dfoChannelId)}/messages/[^/]+/status$`));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://dfo');
    const path = url.pathname;
    const key = `${req.method} ${path}`;
    const failure = this.failures.find((f) => f.remaining > 0 && f.match.test(key));
    if (failure && !/\/auth\/token$/.test(path)) {
      failure.remaining -= 1;
      res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}) });
      res.end(JSON.stringify({ errors: [{ message: `injected ${failure.status}` }] }));
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text && req.headers['content-type']?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!/\/auth\/token$/.test(path)) this.calls.push({ method: req.method ?? '', path, body, at: new Date() });
    const [status, answer] = req.method === 'GET' && path === '/dfo/3.0/messages' ? [200, this.search(url.searchParams)] : this.answer(req.method ?? '', path, body);
    res.writeHead(status, answer === undefined ? {} : { 'content-type': 'application/json' });
    res.end(answer === undefined ? '' : JSON.stringify(answer));
  }

  /** b.8 `GET /messages?idOnExternalPlatform[]=…&channel[]=…`: the messages created so far, as DFO would list them. */
  private search(query: URLSearchParams): { hits: number; data: unknown[] } {
    const ids = query.getAll('idOnExternalPlatform[]');
    const channels = query.getAll('channel[]');
    const data = this.calls
      .map((c) => ({ c, channel: /^\/dfo\/3\.0\/channels\/([^/]+)\/messages$/.exec(c.path)?.[1] }))
      .filter(({ c, channel }) => c.method === 'POST' && channel !== undefined && (channels.length === 0 || channels.includes(decodeURIComponent(channel))))
      .filter(({ c }) => ids.includes(String(c.body.idOnExternalPlatform)))
      .map(({ c, channel }) => {
        const thread = (c.body.thread as { idOnExternalPlatform: string }).idOnExternalPlatform;
        const id = decodeURIComponent(channel!);
        return { id: `dfo-${String(c.body.idOnExternalPlatform)}`, idOnExternalPlatform: c.body.idOnExternalPlatform, direction: c.body.direction, channel: { id }, threadIdOnExternalPlatform: thread, contactNumber: this.caseByThread.get(`${id}:${thread}`) };
      });
    return { hits: data.length, data };
  }

  private answer(method: string, path: string, body: Record<string, unknown>): [number, unknown] {
    if (path.endsWith('/auth/token')) return [200, { access_token: 'fake-dfo-token', token_type: 'Bearer', expires_in: 3600 }];
    const create = /\/channels\/([^/]+)\/messages$/.exec(path);
    if (method === 'POST' && create) {
      const thread = body.thread as { idOnExternalPlatform: string };
      // A thread is one conversation of one channel: another channel's thread with the same id is another case.
      const key = `${decodeURIComponent(create[1]!)}:${thread.idOnExternalPlatform}`;
      const id = this.caseByThread.get(key) ?? `17497987${String(++this.contacts).padStart(8, '0')}`;
      this.caseByThread.set(key, id);
      return [200, { consumerContact: { id, threadIdOnExternalPlatform: thread.idOnExternalPlatform, status: 'new' }, message: { id: `dfo-${id}`, idOnExternalPlatform: body.idOnExternalPlatform } }];
    }
    const contact = /^\/dfo\/3\.0\/contacts\/([^/]+)$/.exec(path);
    if (method === 'GET' && contact) return [200, { id: contact[1], status: this.caseStatuses.get(contact[1]!) ?? 'open' }];
    return [204, undefined];
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
