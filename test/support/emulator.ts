import { randomUUID } from 'node:crypto';
import type { DfoCaseStatus, DfoRecipient } from '../../src/dfo-client/dfo.types';
import type { CallRecord } from '../../emulators/dfo/http/call-log';
import type { Fault, FaultSpec } from '../../emulators/dfo/http/faults';
import type { EmuAgentDelivery, EmuChannel, EmuCustomer, EmuThread } from '../../emulators/dfo/store/emulator.types';
import type { CaseView, MessageView } from '../../emulators/dfo/test-api/views';
import { waitFor } from './wait';

export type { CallRecord, CaseView, Fault, MessageView };

export interface EmulatorResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface IntegrationRegistration {
  integrationBoxUrl: string;
  authorizationUrl: string;
  clientId: string;
  clientSecret: string;
  replyApi: '2.0' | '1.0';
  name?: string;
  brandId?: number | null;
  includeAuthorUser?: boolean;
  /** The BYOC form's mTLS fields; null removes them. */
  clientCertificate?: { certificatePem: string; privateKeyPem: string; privateKeyPassword?: string | null; caCertificatePem: string } | null;
}

export type CallQuery = {
  direction?: 'in' | 'out';
  method?: string;
  path?: string;
  afterId?: number;
};

function queryString(params: Record<string, string | number | undefined>): URLSearchParams {
  return new URLSearchParams(Object.entries(params).flatMap(([k, v]): Array<[string, string]> => (v === undefined ? [] : [[k, String(v)]])));
}

/**
 * A typed client for the DFO emulator: its test API (`/_emulator`) and raw calls to its emulated DFO API. `root` is
 * the emulator's root: `startStandaloneEmulator().url`, or `<app url>/sandbox` in sandbox mode.
 */
export class EmulatorClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly root: string) {}

  get dfoApiBaseUrl(): string {
    return `${this.root}/dfo/3.0`;
  }
  get authUrl(): string {
    return `${this.root}/auth/token`;
  }
  get engagerTokenUrl(): string {
    return `${this.root}/engager/2.0/token`;
  }

  /** Any HTTP call below the root; JSON bodies, the answer parsed when it is JSON. */
  async request<T = unknown>(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<EmulatorResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const res = await fetch(`${this.root}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (the console page): keep the text.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** A call to the emulated DFO API: `path` below `/dfo/3.0`. */
  dfo<T = unknown>(method: string, path: string, token: string | undefined, body?: unknown): Promise<EmulatorResponse<T>> {
    return this.request<T>(method, `/dfo/3.0${path}`, { token, body });
  }

  /** An access-key token (`POST /auth/token`, grant_type=password, form-encoded as OAuth servers expect). */
  async token(keyId = 'test-key', secret = 'test-secret'): Promise<string> {
    const res = await this.request<{ access_token: string }>('POST', '/auth/token', {
      body: new URLSearchParams({ grant_type: 'password', username: keyId, password: secret }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access_token;
  }

  private async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request<T>(method, `/_emulator${path}`, { body });
    if (res.status >= 300) throw new Error(`${method} /_emulator${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  registerBrand(id: number, brand: { friendlyName: string; accessKeys?: Array<{ keyId: string; secret: string }>; tenantId?: string; businessUnitId?: number }) {
    return this.ok<{ id: number; friendlyName: string; accessKeyIds: string[] }>('PUT', `/brands/${id}`, brand);
  }
  registerIntegration(channelIntegrationId: string, registration: IntegrationRegistration) {
    return this.ok<Record<string, unknown>>('PUT', `/integrations/${encodeURIComponent(channelIntegrationId)}`, registration);
  }
  patchIntegration(channelIntegrationId: string, patch: Partial<IntegrationRegistration>) {
    return this.ok<Record<string, unknown>>('PATCH', `/integrations/${encodeURIComponent(channelIntegrationId)}`, patch);
  }
  /**
   * An end user's message created through the emulated DFO API, as our outbox's `dfo.create_message` sends it: it
   * opens a case on the DFO thread `threadRef` (or joins its open one). Returns the case number. `auth` is a token,
   * or a brand's access key, exchanged for a token once per key.
   */
  async openCase(
    auth: string | { keyId: string; secret: string },
    dfoChannelId: string,
    threadRef: string,
    text = 'Hello',
    author: Record<string, unknown> = { idOnExternalPlatform: `u-${threadRef}`, firstName: 'Simba' },
  ): Promise<string> {
    const res = await this.dfo<{ consumerContact?: { id: string } }>('POST', `/channels/${dfoChannelId}/messages`, await this.tokenFor(auth), {
      idOnExternalPlatform: `m-${randomUUID()}`,
      thread: { idOnExternalPlatform: threadRef, threadName: threadRef },
      direction: 'inbound',
      createdAtWithMilliseconds: new Date().toISOString(),
      messageContent: { type: 'TEXT', payload: { text } },
      authorEndUserIdentity: author,
    });
    const id = res.body.consumerContact?.id;
    if (res.status >= 300 || !id) throw new Error(`DFO did not open a case: ${res.status} ${JSON.stringify(res.body)}`);
    return id;
  }

  private async tokenFor(auth: string | { keyId: string; secret: string }): Promise<string> {
    if (typeof auth === 'string') return auth;
    let token = this.tokens.get(auth.keyId);
    if (!token) this.tokens.set(auth.keyId, (token = await this.token(auth.keyId, auth.secret)));
    return token;
  }

  /** Creates a channel through the DFO API (as the middleware would) with a registered integration. */
  async createChannel(token: string, channel: { id: string; channelIntegrationId: string; name?: string; [flag: string]: unknown }): Promise<void> {
    const res = await this.dfo('POST', '/channels', token, { idOnExternalPlatform: channel.id, realExternalPlatformId: 'custom', name: channel.id, isPrivate: true, hasTreeStructure: false, ...channel });
    if (res.status !== 204) throw new Error(`channel creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  threads(filter: { channelId?: string; idOnExternalPlatform?: string } = {}) {
    return this.ok<{ data: EmuThread[] }>('GET', `/threads?${queryString(filter)}`).then((r) => r.data);
  }
  customers(filter: { channelId?: string; idOnExternalPlatform?: string } = {}) {
    return this.ok<{ data: EmuCustomer[] }>('GET', `/customers?${queryString(filter)}`).then((r) => r.data);
  }
  channels() {
    return this.ok<{ data: EmuChannel[] }>('GET', '/channels').then((r) => r.data);
  }

  injectFault(spec: Omit<FaultSpec, 'count' | 'retryAfter'> & { count?: number; retryAfter?: string | number }) {
    return this.ok<Fault>('POST', '/faults', spec);
  }
  faults() {
    return this.ok<{ data: Fault[] }>('GET', '/faults').then((r) => r.data);
  }
  clearFaults() {
    return this.ok<null>('DELETE', '/faults');
  }

  calls(query: CallQuery = {}) {
    const q = queryString(query);
    return this.ok<{ data: CallRecord[]; lastId: number }>('GET', `/calls?${q}`).then((r) => r.data);
  }
  async lastCallId(): Promise<number> {
    return (await this.ok<{ lastId: number }>('GET', '/calls?limit=1')).lastId;
  }
  waitForCall(query: CallQuery, accept: (call: CallRecord) => boolean = () => true, timeoutMs?: number): Promise<CallRecord> {
    return waitFor(async () => (await this.calls(query)).find(accept), `a call matching ${JSON.stringify(query)}`, timeoutMs);
  }

  cases(filter: { channelId?: string; threadIdOnExternalPlatform?: string; status?: string; brandId?: number; endUserIdOnExternalPlatform?: string } = {}) {
    const q = queryString(filter);
    return this.ok<{ data: CaseView[] }>('GET', `/cases?${q}`).then((r) => r.data);
  }
  /** The newest case of a thread (a thread can span several cases). */
  async findCaseByThread(threadIdOnExternalPlatform: string, channelId?: string): Promise<CaseView | undefined> {
    return (await this.cases({ threadIdOnExternalPlatform, channelId }))[0];
  }
  waitForCase(threadIdOnExternalPlatform: string, channelId?: string, timeoutMs?: number): Promise<CaseView> {
    return waitFor(() => this.findCaseByThread(threadIdOnExternalPlatform, channelId), `a case on thread ${threadIdOnExternalPlatform}`, timeoutMs);
  }
  caseDetail(caseId: string) {
    return this.ok<{ case: CaseView; customer: Record<string, unknown> | null; messages: MessageView[] }>('GET', `/cases/${caseId}`);
  }

  /** Waits until DFO holds delivery statuses for the agent message a middleware reported as `idOnExternalPlatform`. */
  waitForDeliveryStatuses(caseId: string, idOnExternalPlatform: string | null, timeoutMs?: number): Promise<MessageView['deliveryStatuses']> {
    return waitFor(async () => {
      const message = (await this.caseDetail(caseId)).messages.find((m) => m.idOnExternalPlatform === idOnExternalPlatform);
      return message?.deliveryStatuses.length ? message.deliveryStatuses : undefined;
    }, `delivery statuses of ${idOnExternalPlatform} in DFO`, timeoutMs);
  }

  reply(caseId: string, text: string) {
    return this.ok<{ message: MessageView }>('POST', `/cases/${caseId}/reply`, { text }).then((r) => r.message);
  }
  typing(caseId: string, on: boolean) {
    return this.ok<{ delivery: EmuAgentDelivery }>('POST', `/cases/${caseId}/typing`, { on }).then((r) => r.delivery);
  }
  setStatus(caseId: string, status: DfoCaseStatus) {
    return this.ok<{ case: CaseView }>('PUT', `/cases/${caseId}/status`, { status }).then((r) => r.case);
  }
  startOutbound(start: { channelId: string; recipient: DfoRecipient; text: string; threadName?: string }) {
    return this.ok<{ case: CaseView; message: MessageView }>('POST', '/outbound', start);
  }

  expireTokens(brandId?: number) {
    return this.ok<{ expired: number }>('POST', '/tokens/expire', brandId === undefined ? {} : { brandId });
  }
  settings(patch: { tokenTtlSeconds?: number; callTimeoutMs?: number }) {
    return this.ok<Record<string, unknown>>('PATCH', '/settings', patch);
  }
  mintOneTimeToken(brandId: number, userId?: number, purpose?: string) {
    return this.ok<{ token: string; expiresAt: string }>('POST', '/one-time-tokens', { brandId, userId, purpose });
  }
  reset(scope: 'all' | 'conversations' = 'all') {
    return this.ok<null>('POST', '/reset', { scope });
  }
  state() {
    return this.ok<{ version: number; counts: Record<string, number> }>('GET', '/state');
  }
}
