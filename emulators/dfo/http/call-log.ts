import { Injectable } from '@nestjs/common';
import { fingerprint } from '../auth/secrets';

/** One HTTP call the emulator received (`in`) or made to a middleware (`out`). */
export interface CallRecord {
  id: number;
  at: string;
  direction: 'in' | 'out';
  method: string;
  /** `in`: the path below the emulator root (`/dfo/3.0/channels/c1/messages`); `out`: the full URL. */
  path: string;
  query: string;
  /** `none`, or `Bearer` with a short fingerprint of the token (`Bearer #1a2b3c4d`), never the token itself. */
  authorization: string;
  requestBody: unknown;
  status: number | null;
  responseBody: unknown;
  durationMs: number;
  /** The fault that answered (or delayed) this call. */
  faultId: number | null;
  /** Transport failure of an outgoing call (timeout, connection refused). */
  error: string | null;
  /** For outgoing calls: what the emulator was doing (`reply`, `typing`, `outbound`, `token`) and for which case. */
  context: { action: string; caseId?: string; channelId?: string; attempt?: number } | null;
  correlationId: string | null;
}

export interface CallFilter {
  direction?: 'in' | 'out';
  method?: string;
  /** Substring of the path (or URL). */
  path?: string;
  /** Only calls with an id greater than this. */
  afterId?: number;
  /** Only calls at or after this instant. */
  since?: Date;
  limit?: number;
}

const MAX_CALLS = 5000;

export function authorizationFingerprint(header: string | undefined): string {
  if (!header) return 'none';
  const match = /^(\S+)\s+(\S+)$/.exec(header);
  if (!match) return 'malformed';
  return `${match[1]} #${fingerprint(match[2]!)}`;
}

/** Long strings (base64 attachments) are cut, so 5000 kept calls stay small. */
const MAX_KEPT_STRING = 2000;

/** Secrets in bodies are replaced before a call is kept (the log is served by the test API). */
export function redactSecrets(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactSecrets);
  if (typeof body === 'string' && body.length > MAX_KEPT_STRING) return `${body.slice(0, 200)}… [${body.length} chars]`;
  if (typeof body !== 'object' || body === null) return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    out[k] = /^(client_secret|password|secret|clientSecret|access_token|accessToken|refresh_token|id_token|token)$/.test(k) && typeof v === 'string'
      ? `[redacted ${v.length} chars]`
      : redactSecrets(v);
  }
  return out;
}

/** Every call both ways, newest last, capped at 5000 (older ones are dropped). */
@Injectable()
export class CallLog {
  private calls: CallRecord[] = [];
  private nextId = 1;

  record(call: Omit<CallRecord, 'id' | 'requestBody' | 'responseBody'> & { requestBody: unknown; responseBody: unknown }): CallRecord {
    const record: CallRecord = { id: this.nextId++, ...call, requestBody: redactSecrets(call.requestBody), responseBody: redactSecrets(call.responseBody) };
    this.calls.push(record);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
    return record;
  }

  list(filter: CallFilter = {}): CallRecord[] {
    const method = filter.method?.toUpperCase();
    const matched = this.calls.filter(
      (c) =>
        (!filter.direction || c.direction === filter.direction) &&
        (!method || c.method === method) &&
        (!filter.path || c.path.includes(filter.path)) &&
        (filter.afterId === undefined || c.id > filter.afterId) &&
        (!filter.since || Date.parse(c.at) >= filter.since.getTime()),
    );
    return filter.limit === undefined ? matched : matched.slice(-filter.limit);
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  clear(): void {
    this.calls = [];
  }
}
