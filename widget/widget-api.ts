interface BbwWidgetConfig {
  title?: string;
  welcomeText?: string;
  themeColor?: string;
  maxTextLength?: number;
}

/** Who the visitor is, when the page knows (`data-first-name`, `data-last-name`, `data-nickname`). */
interface BbwEndUser {
  firstName?: string;
  lastName?: string;
  nickname?: string;
}

interface BbwSession {
  sessionToken: string;
  threadId: string;
  endUserId: string;
  widget?: BbwWidgetConfig;
}

type BbwDelivery = 'sending' | 'sent' | 'delivered' | 'failed' | 'blocked';

interface BbwAttachment {
  url: string;
  name: string;
}

interface BbwMessage {
  id: string;
  clientMessageId: string | null;
  direction: 'inbound' | 'outbound';
  authorKind: 'end_user' | 'agent' | 'system';
  agentName: string | null;
  text: string;
  attachments: BbwAttachment[];
  deliveryStatus: BbwDelivery | null;
  createdAt: string;
}

interface BbwHistory {
  threadId: string;
  status: 'new' | 'open' | 'idle_warning' | 'closed';
  closedReason: string | null;
  closedText: string | null;
  canStartNew: boolean;
  idleWarningText: string | null;
  closesAt: string | null;
  lastEventId: string;
  serverTime: string;
  messages: BbwMessage[];
}

/** The session token, kept in localStorage per channel so that the conversation survives a reload. */
class BbwTokenStore {
  constructor(private readonly key: string) {}

  get(): string | null {
    try {
      return window.localStorage.getItem(this.key);
    } catch (e) {
      return null;
    }
  }

  set(token: string): void {
    try {
      window.localStorage.setItem(this.key, token);
    } catch (e) {
      // Storage disabled: the session lasts as long as the page.
    }
  }
}

class BbwHttpError extends Error {
  constructor(readonly status: number, message: string, readonly retryAfterMs: number | null) {
    super(message);
  }
}

/** The web chat HTTP API of docs/architecture.md §6.4, from the browser. */
class BbwApi {
  constructor(private readonly base: string, private readonly channel: string) {}

  startSession(token: string | null, endUser: BbwEndUser): Promise<BbwSession> {
    return this.request<BbwSession>('POST', '/sessions', token, Object.keys(endUser).length > 0 ? { endUser: endUser } : {});
  }

  history(token: string): Promise<BbwHistory> {
    return this.request<BbwHistory>('GET', '/history', token);
  }

  send(token: string, clientMessageId: string, text: string): Promise<{ id: string }> {
    return this.request<{ id: string }>('POST', '/messages', token, { text, clientMessageId });
  }

  typing(token: string, on: boolean): Promise<unknown> {
    return this.request('POST', '/typing', token, { on });
  }

  heartbeat(token: string): Promise<unknown> {
    return this.request('POST', '/heartbeat', token);
  }

  /** `navigator.sendBeacon` cannot set headers, so the leave endpoint also takes the token in a text/plain body. */
  leave(token: string): void {
    const url = this.url('/leave');
    const body = JSON.stringify({ token });
    if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
    fetch(url, { method: 'POST', keepalive: true, headers: { Authorization: 'Bearer ' + token } }).catch(function () {});
  }

  eventsUrl(token: string, lastEventId: string): string {
    return this.url('/events') + '?token=' + encodeURIComponent(token) + '&lastEventId=' + encodeURIComponent(lastEventId);
  }

  private url(path: string): string {
    return this.base + '/webchat/' + encodeURIComponent(this.channel) + path;
  }

  private request<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = setTimeout(function () {
      if (controller) controller.abort();
    }, 15000);
    return fetch(this.url(path), {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller ? controller.signal : undefined,
      mode: 'cors',
      credentials: 'omit',
    })
      .then(function (res) {
        if (res.status === 204) return undefined as unknown as T;
        return res.json().then(
          function (json: unknown) {
            if (res.ok) return json as T;
            const retryAfter = Number(res.headers.get('Retry-After'));
            const message = json && typeof (json as { message?: unknown }).message === 'string' ? (json as { message: string }).message : 'HTTP ' + res.status;
            throw new BbwHttpError(res.status, message, retryAfter > 0 ? retryAfter * 1000 : null);
          },
          function () {
            if (res.ok) return undefined as unknown as T;
            throw new BbwHttpError(res.status, 'HTTP ' + res.status, null);
          },
        );
      })
      .finally(function () {
        clearTimeout(timer);
      });
  }
}
