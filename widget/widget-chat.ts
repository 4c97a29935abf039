/**
 * The conversation: the session (its token kept in localStorage, so it survives a reload), the history, the live
 * event stream with reconnects, sending with retries, and the idle and closed states.
 */
class BbwChat {
  private session: BbwSession | null = null;
  private starting: Promise<BbwSession | null> | null = null;
  private loadedThread: string | null = null;
  private readonly waitingForNetwork: string[] = [];
  private readonly stream: BbwStream;
  private clockOffsetMs = 0;
  private closed = false;
  private reconnectDelayMs = 1000;
  private reconnectTimer: number | null = null;
  private typingOn = false;
  private typingSentAt = 0;
  private typingOffTimer: number | null = null;
  private readonly outgoing: Record<string, string> = {};
  private readonly view: BbwView;
  private readonly tokens: BbwTokenStore;

  constructor(private readonly api: BbwApi, channel: string, private readonly endUser: BbwEndUser) {
    this.tokens = new BbwTokenStore('byoc-webchat:' + channel);
    const self = this;
    this.view = new BbwView(channel, {
      onOpen: function () { void self.ensureSession(); },
      onSend: function (text) { self.send(bbwRandomId(), text); },
      onRetry: function (key) { self.send(key, self.outgoing[key] || ''); },
      onInput: function () { self.typed(); },
      onStillHere: function () { self.stillHere(); },
      onStartNew: function () { self.startNew(); },
    });
    this.stream = new BbwStream({
      onEvent: function (type, data) { self.event(type, data); },
      onOpen: function () {
        self.reconnectDelayMs = 1000;
        self.view.setConnection('online');
      },
      onError: function () {
        self.view.setConnection(navigator.onLine === false ? 'offline' : 'reconnecting');
        // A drop, or a refusal (an expired session, say): a new ticket, after the session if it has to be renewed.
        self.scheduleReconnect();
      },
    });
    window.addEventListener('online', function () { self.online(); });
    window.addEventListener('offline', function () { self.view.setConnection('offline'); });
    window.addEventListener('pagehide', function () { self.leave(); });
  }

  mount(): void {
    document.body.appendChild(this.view.host);
    if (this.tokens.get()) void this.ensureSession();
  }

  private ensureSession(): Promise<BbwSession | null> {
    return this.session ? Promise.resolve(this.session) : this.refresh();
  }

  /** One session call at a time: it renews the token and follows the conversation if it moved on. */
  private refresh(): Promise<BbwSession | null> {
    if (!this.starting) this.starting = this.start().finally(() => { this.starting = null; });
    return this.starting;
  }

  /** Resumes the stored session, or starts a new one when there is none or it is no longer valid. */
  private start(): Promise<BbwSession | null> {
    const stored = this.session ? this.session.sessionToken : this.tokens.get();
    return this.api
      .startSession(stored, this.endUser)
      .catch((err: unknown) => {
        if (stored && err instanceof BbwHttpError && err.status === 401) return this.api.startSession(null, this.endUser);
        throw err;
      })
      .then((session) => this.adopt(session))
      .catch(() => {
        this.view.setConnection(navigator.onLine === false ? 'offline' : 'reconnecting');
        this.scheduleReconnect();
        return null;
      });
  }

  /** Same conversation: reconnect the stream, which replays what was missed. A new one: reload the history first. */
  private adopt(session: BbwSession): Promise<BbwSession> {
    this.session = session;
    this.tokens.set(session.sessionToken);
    const widget = session.widget || {};
    this.view.setTheme(widget);
    if (widget.maxTextLength) this.view.setMaxLength(widget.maxTextLength);
    if (this.loadedThread === session.threadId) {
      this.connect();
      return Promise.resolve(session);
    }
    return this.loadHistory().then(() => {
      this.loadedThread = session.threadId;
      this.connect();
      return session;
    });
  }

  private loadHistory(): Promise<void> {
    const session = this.session!;
    return this.api.history(session.sessionToken).then((h) => {
      this.clockOffsetMs = new Date(h.serverTime).getTime() - Date.now();
      this.stream.lastEventId = h.lastEventId;
      this.view.clear();
      const welcome = session.widget && session.widget.welcomeText;
      if (welcome) this.view.note(welcome);
      for (const m of h.messages) this.view.addMessage(m.clientMessageId || m.id, m);
      this.closed = h.status === 'closed';
      this.view.hideIdleWarning();
      if (this.closed) this.view.showClosed(h.closedReason, h.closedText, h.canStartNew);
      else this.view.showOpen();
      if (h.status === 'idle_warning' && h.closesAt) this.idleWarning(h.idleWarningText || '', h.closesAt);
    });
  }

  /** A new ticket, then the stream; a refusal starts over from the session (which renews an expired one). */
  private connect(): void {
    const session = this.session!;
    this.api
      .streamTicket(session.sessionToken)
      .then((t) => {
        if (this.session === session) this.stream.open(this.api.eventsUrl(t.ticket, this.stream.lastEventId));
      })
      .catch((err: unknown) => {
        if (err instanceof BbwHttpError && err.status === 401) this.session = null;
        this.view.setConnection(navigator.onLine === false ? 'offline' : 'reconnecting');
        this.scheduleReconnect();
      });
  }

  private event(type: string, d: BbwEventData): void {
    switch (type) {
      case 'message':
        return this.agentMessage(d);
      case 'typing':
        return this.view.setTyping(d.on === true);
      case 'status':
        return this.view.setDelivery(this.keyOf(String(d.messageId)), d.status as BbwDelivery);
      case 'idle_warning':
        return this.idleWarning(String(d.text || ''), String(d.closesAt));
      case 'resumed':
        return this.view.hideIdleWarning();
      case 'closed':
        this.closed = true;
        return this.view.showClosed(d.reason ? String(d.reason) : null, d.text ? String(d.text) : null, d.canStartNew === true);
    }
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer !== null) return;
    this.stream.close();
    const self = this;
    this.reconnectTimer = window.setTimeout(function () {
      self.reconnectTimer = null;
      self.reconnectNow();
    }, this.reconnectDelayMs);
    this.reconnectDelayMs = Math.min(30000, this.reconnectDelayMs * 2);
  }

  /** A dropped stream only needs a new ticket; without a session (none yet, or it expired) it starts from the session. */
  private reconnectNow(): void {
    if (this.stream.isAlive) return;
    if (this.session) this.connect();
    else void this.refresh();
  }

  private online(): void {
    this.reconnectNow();
    const keys = this.waitingForNetwork.splice(0, this.waitingForNetwork.length);
    for (const key of keys) this.send(key, this.outgoing[key] || '');
  }

  private keyOf(messageId: string): string {
    const prefix = this.session ? this.session.endUserId + ':' : '';
    return prefix && messageId.indexOf(prefix) === 0 ? messageId.slice(prefix.length) : messageId;
  }

  private agentMessage(d: BbwEventData): void {
    const id = String(d.id);
    this.view.addMessage(id, {
      id: id,
      clientMessageId: null,
      direction: 'outbound',
      authorKind: d.authorKind === 'system' ? 'system' : 'agent',
      agentName: typeof d.agentName === 'string' ? d.agentName : null,
      text: String(d.text || ''),
      attachments: Array.isArray(d.attachments) ? (d.attachments as BbwAttachment[]) : [],
      deliveryStatus: null,
      createdAt: String(d.createdAt || new Date().toISOString()),
    });
  }

  private idleWarning(text: string, closesAt: string): void {
    const self = this;
    this.view.showIdleWarning(text, new Date(closesAt).getTime(), function () { return Date.now() + self.clockOffsetMs; });
  }

  private send(key: string, text: string, attempt = 0): void {
    this.outgoing[key] = text;
    if (!this.view.hasMessage(key)) {
      this.view.addMessage(key, { id: key, clientMessageId: key, direction: 'inbound', authorKind: 'end_user', agentName: null, text: text, attachments: [], deliveryStatus: 'sending', createdAt: new Date().toISOString() });
    }
    this.view.setDelivery(key, 'sending');
    this.stopTyping();
    this.ensureSession()
      .then((s) => {
        if (!s) throw new BbwHttpError(0, 'no session', null);
        return this.api.send(s.sessionToken, key, text);
      })
      .then(() => {
        delete this.outgoing[key];
        this.view.setDelivery(key, 'sent');
      })
      .catch((err: unknown) => {
        const status = err instanceof BbwHttpError ? err.status : 0;
        const retryable = status === 0 || status === 429 || status >= 500;
        if (status === 0 && navigator.onLine === false) {
          // Sent again as soon as the browser is back online, however long that takes.
          if (this.waitingForNetwork.indexOf(key) < 0) this.waitingForNetwork.push(key);
        } else if (retryable && attempt < 4) {
          const wait = (err instanceof BbwHttpError && err.retryAfterMs) || 1000 * Math.pow(2, attempt);
          window.setTimeout(() => this.send(key, text, attempt + 1), wait);
        } else {
          this.view.setDelivery(key, 'failed');
        }
      });
  }

  private typed(): void {
    const s = this.session;
    if (!s || this.closed) return;
    const now = Date.now();
    if (!this.typingOn || now - this.typingSentAt > 4000) {
      this.typingOn = true;
      this.typingSentAt = now;
      this.api.typing(s.sessionToken, true).catch(function () {});
    }
    if (this.typingOffTimer !== null) window.clearTimeout(this.typingOffTimer);
    this.typingOffTimer = window.setTimeout(() => this.stopTyping(), 3000);
  }

  private stopTyping(): void {
    if (this.typingOffTimer !== null) window.clearTimeout(this.typingOffTimer);
    this.typingOffTimer = null;
    if (!this.typingOn || !this.session) return;
    this.typingOn = false;
    this.api.typing(this.session.sessionToken, false).catch(function () {});
  }

  private stillHere(): void {
    const s = this.session;
    if (!s) return;
    this.view.setStillHerePending(true);
    this.api.heartbeat(s.sessionToken).catch(() => this.view.setStillHerePending(false));
  }

  private startNew(): void {
    const s = this.session;
    if (!s) return;
    this.api.startSession(s.sessionToken, this.endUser).then((next) => this.adopt(next)).catch(() => this.scheduleReconnect());
  }

  private leave(): void {
    if (this.session && !this.closed) this.api.leave(this.session.sessionToken);
  }
}
