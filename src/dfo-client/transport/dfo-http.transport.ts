import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import { createEgressAgent } from '../../core/egress/egress-agent';
import { EgressPolicy, isEgressRefused } from '../../core/egress/egress-policy';
import { readBounded } from '../../core/http/read-bounded';
import { DFO_CONFIG, DfoClientConfig } from '../dfo-client.config';

export type DfoHttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface DfoHttpRequest {
  method: DfoHttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface DfoHttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Why no response came back. `too_large` is final: asking again returns the same oversized body. `refused` is final
 * too: the egress policy refused the address before anything was sent.
 */
export type DfoTransportFailureKind = 'timeout' | 'network' | 'too_large' | 'refused';

export class DfoTransportError extends Error {
  constructor(
    readonly kind: DfoTransportFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'DfoTransportError';
  }
}

/** DFO's answers are small JSON documents; anything this big is a misdirected URL, not a DFO response. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * One HTTP exchange with DFO over a shared keep-alive connection pool, bounded by `dfo.timeoutMs` from the first
 * byte sent to the last byte read. Every connection passes the egress policy (core/egress). It knows nothing of
 * tokens or retries, and never logs (URLs and bodies may carry identifiers and message text).
 */
@Injectable()
export class DfoHttpTransport implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(
    @Inject(DFO_CONFIG) private readonly config: Pick<DfoClientConfig, 'timeoutMs'>,
    egress: EgressPolicy,
  ) {
    this.agent = createEgressAgent(egress, { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 128, connectTimeoutMs: config.timeoutMs });
  }

  async send(req: DfoHttpRequest): Promise<DfoHttpResponse> {
    const timeoutMs = this.config.timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await readBounded(res.body, MAX_BODY_BYTES);
      if (body === null) throw new DfoTransportError('too_large', `response body larger than ${MAX_BODY_BYTES} bytes`);
      return { status: res.statusCode, headers: res.headers, body };
    } catch (err) {
      if (err instanceof DfoTransportError) throw err;
      if (isEgressRefused(err)) throw new DfoTransportError('refused', err.message);
      if (signal.aborted || isUndiciTimeout(err)) throw new DfoTransportError('timeout', `no answer within ${timeoutMs} ms`);
      throw new DfoTransportError('network', describe(err));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

function isUndiciTimeout(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

/** The error code and message only: undici errors carry no request data, but keep it that way. */
function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return code ? `${code}: ${message}` : message;
}
