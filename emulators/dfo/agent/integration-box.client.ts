import { Injectable, Logger } from '@nestjs/common';
import { request } from 'undici';
import { EmulatorClock } from '../clock';
import { EmulatorSettings } from '../emulator.options';
import { authorizationFingerprint, CallLog, CallRecord } from '../http/call-log';
import { EmuIntegration } from '../store/emulator.types';
import { BoxRequest } from './integration-box.payloads';
import { MiddlewareAgents } from './middleware-agents';

export interface BoxCallResult {
  /** The final HTTP status, or null when the call never got an answer. */
  status: number | null;
  body: unknown;
  /** Transport failure or token failure; null when an HTTP answer arrived. */
  error: string | null;
  callIds: number[];
}

type CallContext = NonNullable<CallRecord['context']>;

interface HttpOutcome {
  status: number | null;
  body: unknown;
  error: string | null;
  callId: number;
}

/** Joins a base URL (with or without a trailing slash) and a relative path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * Calls a middleware's Integration Box the way DFO does (docs/dfo-contract.md a.1, c.1): the call goes out with the
 * cached token, or with none at first; on 401 the emulator fetches a token from the Authorization URL with the
 * integration's client credentials and retries once. Tokens are cached per integration until a 401 (DFO's use of
 * `expires_in` is [UNKNOWN], so the emulator ignores it and the middleware's expiry is exercised). Concurrent 401s
 * share one token request. Each request has the configured timeout; nothing else is retried (DFO's policy on 5xx
 * and timeouts is [UNKNOWN], and a silent retry here would hide a middleware failure from the tests). Calls present
 * the integration's client certificate when its BYOC form has one (`MiddlewareAgents`).
 */
@Injectable()
export class IntegrationBoxClient {
  private readonly logger = new Logger('SandboxDfoAgent');
  private readonly tokens = new Map<string, string>();
  private readonly pending = new Map<string, Promise<{ token: string | null; error: string | null; callIds: number[] }>>();

  constructor(
    private readonly settings: EmulatorSettings,
    private readonly calls: CallLog,
    private readonly clock: EmulatorClock,
    private readonly agents: MiddlewareAgents,
  ) {}

  async call(integration: EmuIntegration, req: BoxRequest, context: CallContext): Promise<BoxCallResult> {
    const url = joinUrl(integration.integrationBoxUrl, req.path);
    const used = this.tokens.get(integration.channelIntegrationId);
    const first = await this.post(integration, url, req.body, used, { ...context, attempt: 1 });
    if (first.status !== 401) return { status: first.status, body: first.body, error: first.error, callIds: [first.callId] };

    const fetched = await this.freshToken(integration, used);
    const callIds = [first.callId, ...fetched.callIds];
    if (!fetched.token) return { status: first.status, body: first.body, error: fetched.error, callIds };
    const second = await this.post(integration, url, req.body, fetched.token, { ...context, attempt: 2 });
    return { status: second.status, body: second.body, error: second.error, callIds: [...callIds, second.callId] };
  }

  /** Forgets the cached token of one integration (or all), so the next call starts without one. */
  forgetToken(channelIntegrationId?: string): void {
    if (channelIntegrationId === undefined) this.tokens.clear();
    else this.tokens.delete(channelIntegrationId);
  }

  cachedTokenFingerprint(channelIntegrationId: string): string {
    const token = this.tokens.get(channelIntegrationId);
    return token ? authorizationFingerprint(`Bearer ${token}`) : 'none';
  }

  /** A token other than the one that just got 401: another call's fresh one, a request in flight, or a new request. */
  private freshToken(integration: EmuIntegration, rejected: string | undefined): Promise<{ token: string | null; error: string | null; callIds: number[] }> {
    const id = integration.channelIntegrationId;
    const cached = this.tokens.get(id);
    if (cached && cached !== rejected) return Promise.resolve({ token: cached, error: null, callIds: [] });
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight.then((r) => ({ ...r, callIds: [] }));
    const started = this.requestToken(integration).finally(() => this.pending.delete(id));
    this.pending.set(id, started);
    return started;
  }

  private async requestToken(integration: EmuIntegration): Promise<{ token: string | null; error: string | null; callIds: number[] }> {
    const body = { grant_type: 'client_credentials', client_id: integration.clientId, client_secret: integration.clientSecret };
    const res = await this.post(integration, integration.authorizationUrl, body, undefined, { action: 'token' });
    const token = typeof res.body === 'object' && res.body !== null ? (res.body as { access_token?: unknown }).access_token : undefined;
    if (res.status === 200 && typeof token === 'string' && token !== '') {
      this.tokens.set(integration.channelIntegrationId, token);
      return { token, error: null, callIds: [res.callId] };
    }
    this.tokens.delete(integration.channelIntegrationId);
    const why = res.error ?? (res.status === 200 ? 'the answer lacks access_token' : `HTTP ${res.status}`);
    this.logger.warn(`Token request to ${integration.authorizationUrl} failed: ${why}`);
    return { token: null, error: `token request failed: ${why}`, callIds: [res.callId] };
  }

  private async post(integration: EmuIntegration, url: string, body: unknown, token: string | undefined, context: CallContext): Promise<HttpOutcome> {
    const started = this.clock.now();
    const startedMs = performance.now();
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let status: number | null = null;
    let responseBody: unknown = null;
    let error: string | null = null;
    const timeout = this.settings.callTimeoutMs;
    try {
      const res = await request(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: AbortSignal.timeout(timeout),
        dispatcher: this.agents.for(integration),
      });
      status = res.statusCode;
      const text = await res.body.text();
      responseBody = parse(text);
    } catch (err) {
      error = describe(err, timeout);
    }
    const record = this.calls.record({
      at: started.toISOString(),
      direction: 'out',
      method: 'POST',
      path: url,
      query: '',
      authorization: authorizationFingerprint(headers.authorization),
      requestBody: body,
      status,
      responseBody,
      durationMs: Math.round(performance.now() - startedMs),
      faultId: null,
      error,
      context,
      correlationId: null,
    });
    return { status, body: responseBody, error, callId: record.id };
  }
}

function parse(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') return `timed out after ${timeoutMs} ms`;
  if (e?.code && e.message && !e.message.includes(e.code)) return `${e.code}: ${e.message}`;
  return e?.message || e?.code || String(err);
}
