import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature, webhookSignature } from '../../src/platform-adapters/webhook/webhook-signature';
import { waitFor } from './wait';

/** One request the fake platform received from us. */
export interface PlatformRequest {
  /** 1-based arrival order. */
  n: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body (`{}` when it was not a JSON object; see `rawBody`). */
  body: Record<string, unknown>;
  /** Whether `X-Byoc-Timestamp`/`X-Byoc-Signature` verify with one of the platform's secrets, within 300 s. */
  signatureValid: boolean;
  receivedAt: Date;
}

/** How to answer the next requests instead of the default `200 {"id": "p-<n>"}`. */
export interface PlatformAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (to exercise our timeouts). */
  delayMs?: number;
}

/**
 * A platform that speaks the generic webhook format (docs/architecture.md §6.3), for e2e tests: an HTTP server on
 * 127.0.0.1, port 0, that records every request we send with its signature checked, and answers as told.
 * Point a webhook channel's `outboundUrl` at `platform.url`.
 */
export class FakePlatform {
  readonly requests: PlatformRequest[] = [];
  /** Change to exercise secret rotation; the first is not special here, any one verifies. */
  secrets: string[];
  private answers: { answer: PlatformAnswer; remaining: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: Server, secrets: string[]) {
    this.secrets = secrets;
  }

  static async start(options: { secrets: string | string[] }): Promise<FakePlatform> {
    const secrets = typeof options.secrets === 'string' ? [options.secrets] : [...options.secrets];
    const server = createServer((req, res) => {
      platform.handle(req, res).catch(() => res.destroy());
    });
    const platform = new FakePlatform(server, secrets);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return platform;
  }

  /** The outbound URL to configure on a channel. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/byoc`;
  }

  /** Answers the next `times` requests (default: all, until `heal()`) with `answer`. Calls queue up in order. */
  respond(answer: PlatformAnswer, times = Number.POSITIVE_INFINITY): void {
    this.answers.push({ answer, remaining: times });
  }

  /** Fails the next `times` requests (default: until `heal()`) with `status`, and an optional `Retry-After`. */
  fail(status: number, options: { times?: number; retryAfter?: string } = {}): void {
    const headers = options.retryAfter === undefined ? undefined : { 'retry-after': options.retryAfter };
    this.respond({ status, body: { error: `fake failure ${status}` }, headers }, options.times);
  }

  /** Back to the default answer. */
  heal(): void {
    this.answers = [];
  }

  /** Requests whose body has this `type` (`message`, `typing`, `conversation.closed`, ...). */
  ofType(type: string): PlatformRequest[] {
    return this.requests.filter((r) => r.body.type === type);
  }

  /** Waits until a recorded request matches, and returns it; fails with what was received after `timeoutMs`. */
  waitFor(predicate: (request: PlatformRequest) => boolean, timeoutMs = 10_000): Promise<PlatformRequest> {
    const received = () => `a matching request at the fake platform; received ${this.requests.length}:\n  ${this.requests.map((r) => r.rawBody).join('\n  ')}`;
    return waitFor(() => this.requests.find(predicate), received, timeoutMs, 25);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const n = this.requests.length + 1;
    this.requests.push({
      n,
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      rawBody: raw.toString('utf8'),
      body: parseObject(raw),
      signatureValid: verifyWebhookSignature({ secrets: this.secrets, headers: req.headers, rawBody: raw, now: new Date() }).ok,
      receivedAt: new Date(),
    });
    const answer = this.nextAnswer() ?? { status: 200, body: { id: `p-${n}` } };
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    };
    if (!answer.delayMs) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, answer.delayMs);
    this.timers.add(timer);
  }

  private nextAnswer(): PlatformAnswer | undefined {
    const next = this.answers[0];
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) this.answers.shift();
    return next.answer;
  }
}

/**
 * What a platform sends to `POST /webhooks/{channelId}`: the exact payload bytes and the signed headers. Pass a
 * string `body` to send it verbatim (malformed JSON); `timestamp` (unix seconds) defaults to now.
 */
export function signedWebhook(
  secret: string,
  body: unknown,
  options: { timestamp?: number } = {},
): { headers: Record<string, string>; payload: string } {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    headers: {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, payload),
    },
    payload,
  };
}

function parseObject(raw: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
