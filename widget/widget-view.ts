const BBW_DELIVERY_LABELS: Record<BbwDelivery, string> = {
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Not delivered',
  blocked: 'Not delivered: this conversation has ended',
};

const BBW_CLOSED_REASONS: Record<string, string> = {
  agent: 'The agent ended this conversation.',
  idle_timeout: 'This conversation was closed because it was inactive.',
  customer: 'You left this conversation.',
  admin: 'This conversation was closed.',
};

interface BbwViewHandlers {
  onOpen(): void;
  onSend(text: string): void;
  onRetry(clientMessageId: string): void;
  onInput(): void;
  onStillHere(): void;
  onStartNew(): void;
}

/** The launcher and the chat window. It holds no conversation state beyond what it shows. */
class BbwView {
  readonly host: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly win: HTMLElement;
  private readonly title: HTMLElement;
  private readonly connection: HTMLElement;
  private readonly idle: HTMLElement;
  private readonly idleText: HTMLElement;
  private readonly countdown: HTMLElement;
  private readonly stillHere: HTMLButtonElement;
  private readonly log: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly closed: HTMLElement;
  private readonly closedText: HTMLElement;
  private readonly startNew: HTMLButtonElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly messages: Record<string, HTMLElement> = {};
  private countdownTimer: number | null = null;
  private typingTimer: number | null = null;

  constructor(channel: string, private readonly handlers: BbwViewHandlers) {
    this.host = bbwEl('div', { attrs: { id: 'byoc-webchat-' + channel, 'data-byoc-webchat': channel } });
    const root: ShadowRoot | HTMLElement = this.host.attachShadow ? this.host.attachShadow({ mode: 'open' }) : this.host;
    const winId = 'bbw-window';
    this.launcher = bbwEl('button', { className: 'bbw-launcher', text: 'Chat with us', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': winId } });
    this.title = bbwEl('h2', { className: 'bbw-title', text: 'Chat', attrs: { id: 'bbw-title' } });
    const hide = bbwEl('button', { className: 'bbw-icon-button', text: '×', attrs: { type: 'button', 'aria-label': 'Close the chat window' } });
    this.connection = bbwEl('div', { className: 'bbw-banner', attrs: { role: 'status', hidden: '' } });
    this.idleText = bbwEl('span', { attrs: { role: 'alert' } });
    this.countdown = bbwEl('span', { className: 'bbw-countdown', attrs: { 'aria-hidden': 'true' } });
    this.stillHere = bbwEl('button', { className: 'bbw-button', text: "I'm still here", attrs: { type: 'button' } });
    this.idle = bbwEl('div', { className: 'bbw-banner bbw-idle', attrs: { hidden: '' } }, [this.idleText, this.countdown, this.stillHere]);
    this.log = bbwEl('div', { className: 'bbw-log', attrs: { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': 'Conversation', tabindex: '0' } });
    this.typing = bbwEl('div', { className: 'bbw-typing', text: 'The agent is typing…', attrs: { role: 'status', hidden: '' } });
    this.closedText = bbwEl('p', { attrs: { role: 'status' } });
    this.startNew = bbwEl('button', { className: 'bbw-button', text: 'Start a new conversation', attrs: { type: 'button', hidden: '' } });
    this.closed = bbwEl('div', { className: 'bbw-closed', attrs: { hidden: '' } }, [this.closedText, this.startNew]);
    this.input = bbwEl('textarea', { className: 'bbw-input', attrs: { 'aria-label': 'Your message', placeholder: 'Type your message…', rows: '1', maxlength: '4000' } });
    this.sendButton = bbwEl('button', { className: 'bbw-button', text: 'Send', attrs: { type: 'submit' } });
    const form = bbwEl('form', { className: 'bbw-form' }, [this.input, this.sendButton]);
    const header = bbwEl('div', { className: 'bbw-header' }, [this.title, hide]);
    this.win = bbwEl('div', { className: 'bbw-window', attrs: { id: winId, role: 'dialog', 'aria-labelledby': 'bbw-title', hidden: '' } }, [
      header, this.connection, this.idle, this.log, this.typing, this.closed, form,
    ]);
    bbwApplyStyles(root);
    root.appendChild(this.launcher);
    root.appendChild(this.win);
    this.setTheme({});

    const self = this;
    this.launcher.addEventListener('click', function () {
      if (self.win.hidden) self.open();
      else self.hide();
    });
    hide.addEventListener('click', function () { self.hide(); });
    this.win.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') self.hide();
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      self.submit();
    });
    this.input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        self.submit();
      }
    });
    this.input.addEventListener('input', function () { handlers.onInput(); });
    this.stillHere.addEventListener('click', function () { handlers.onStillHere(); });
    this.startNew.addEventListener('click', function () { handlers.onStartNew(); });
  }

  setTheme(config: BbwWidgetConfig): void {
    this.host.style.setProperty('--bbw-color', config.themeColor || '#1f6f4a');
    this.title.textContent = config.title || 'Chat with us';
  }

  open(): void {
    this.win.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.handlers.onOpen();
    this.scrollToEnd();
    if (!this.input.disabled) this.input.focus();
  }

  hide(): void {
    this.win.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  get isOpen(): boolean {
    return !this.win.hidden;
  }

  clear(): void {
    while (this.log.firstChild) this.log.removeChild(this.log.firstChild);
    for (const key of Object.keys(this.messages)) delete this.messages[key];
    this.setTyping(false);
  }

  note(text: string): void {
    this.log.appendChild(bbwEl('p', { className: 'bbw-note', text: text }));
  }

  /** Adds a message unless one with this key is shown already (the history and the stream may both carry it). */
  addMessage(key: string, m: BbwMessage): void {
    if (this.messages[key]) return;
    const own = m.direction === 'inbound';
    const kind = own ? 'own' : m.authorKind === 'system' ? 'system' : 'agent';
    const el = bbwEl('div', { className: 'bbw-msg bbw-msg-' + kind });
    const who = own ? 'You' : kind === 'system' ? 'Notice' : m.agentName || 'Agent';
    el.appendChild(bbwEl('span', { className: kind === 'agent' ? 'bbw-author' : 'bbw-sr', text: who + (kind === 'agent' ? '' : ':') }));
    el.appendChild(bbwEl('span', { className: 'bbw-text', text: m.text }));
    for (const a of m.attachments) {
      const url = bbwSafeUrl(a.url);
      el.appendChild(document.createElement('br'));
      el.appendChild(url ? bbwEl('a', { text: a.name || url, attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } }) : bbwEl('span', { text: a.name }));
    }
    el.appendChild(bbwEl('small', { className: 'bbw-meta', text: bbwTime(m.createdAt) }));
    this.messages[key] = el;
    this.log.appendChild(el);
    if (own) this.setDelivery(key, m.deliveryStatus || 'sent');
    else this.setTyping(false);
    this.scrollToEnd();
  }

  hasMessage(key: string): boolean {
    return !!this.messages[key];
  }

  setDelivery(key: string, state: BbwDelivery): void {
    const el = this.messages[key];
    if (!el) return;
    el.setAttribute('data-delivery', state);
    const meta = el.querySelector('.bbw-meta') as HTMLElement;
    const time = meta.getAttribute('data-time') || meta.textContent || '';
    meta.setAttribute('data-time', time);
    meta.textContent = (time ? time + ' · ' : '') + BBW_DELIVERY_LABELS[state];
    const old = el.querySelector('.bbw-retry');
    if (old) old.parentNode!.removeChild(old);
    if (state === 'failed') {
      const retry = bbwEl('button', { className: 'bbw-link-button bbw-retry', text: 'Retry', attrs: { type: 'button' } });
      const handlers = this.handlers;
      retry.addEventListener('click', function () { handlers.onRetry(key); });
      meta.appendChild(document.createTextNode(' '));
      meta.appendChild(retry);
    }
  }

  setTyping(on: boolean): void {
    this.typing.hidden = !on;
    if (this.typingTimer !== null) window.clearTimeout(this.typingTimer);
    this.typingTimer = null;
    // An agent whose "stopped typing" got lost must not look busy forever.
    const self = this;
    if (on) this.typingTimer = window.setTimeout(function () { self.setTyping(false); }, 20000);
  }

  setConnection(state: 'online' | 'reconnecting' | 'offline'): void {
    this.connection.hidden = state === 'online';
    this.connection.className = 'bbw-banner' + (state === 'offline' ? ' bbw-offline' : '');
    this.connection.textContent = state === 'offline' ? 'You are offline. Messages will be sent when the connection is back.' : 'Reconnecting…';
  }

  showIdleWarning(text: string, closesAtMs: number, now: () => number): void {
    this.idleText.textContent = text + ' ';
    this.idle.hidden = false;
    this.stillHere.disabled = false;
    const self = this;
    const tick = function () {
      const left = Math.max(0, Math.ceil((closesAtMs - now()) / 1000));
      self.countdown.textContent = left > 0 ? left + ' s' : 'Closing…';
      self.countdown.setAttribute('data-seconds', String(left));
    };
    tick();
    if (this.countdownTimer !== null) window.clearInterval(this.countdownTimer);
    this.countdownTimer = window.setInterval(tick, 250);
  }

  hideIdleWarning(): void {
    this.idle.hidden = true;
    if (this.countdownTimer !== null) window.clearInterval(this.countdownTimer);
    this.countdownTimer = null;
  }

  setStillHerePending(pending: boolean): void {
    this.stillHere.disabled = pending;
  }

  showClosed(reason: string | null, text: string | null, canStartNew: boolean): void {
    this.hideIdleWarning();
    this.setTyping(false);
    this.closed.hidden = false;
    this.closedText.textContent = (BBW_CLOSED_REASONS[reason || ''] || 'This conversation has ended.') + (text ? ' ' + text : '');
    this.startNew.hidden = !canStartNew;
    this.input.disabled = true;
    this.sendButton.disabled = true;
    this.input.setAttribute('placeholder', 'This conversation has ended');
    if (canStartNew && this.isOpen) this.startNew.focus();
  }

  showOpen(): void {
    this.closed.hidden = true;
    this.input.disabled = false;
    this.sendButton.disabled = false;
    this.input.setAttribute('placeholder', 'Type your message…');
  }

  setMaxLength(n: number): void {
    this.input.setAttribute('maxlength', String(n));
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.input.disabled) return;
    this.input.value = '';
    this.handlers.onSend(text);
    this.input.focus();
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
