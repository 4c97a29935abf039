import { createHash, createHmac, randomBytes } from 'node:crypto';
import { GraphFailure, graphErrors, REENGAGEMENT_ERROR } from './graph-errors';
import { SendRequest } from './send-validation';
import { InboundMessage, MessageStatus, Notification, SendMessageResponse } from './wire.types';

/** A business phone number the emulator serves, with the app it notifies. */
export interface PhoneNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  /** The app's callback URL (for byoc-bridge: `PUBLIC_BASE_URL/webhooks/{channelId}`). */
  webhookUrl: string;
}

export interface SentMessage {
  id: string;
  phoneNumberId: string;
  to: string;
  type: string;
  content: Record<string, unknown>;
  at: string;
}

export interface Delivery {
  at: string;
  url: string;
  body: string;
  signature: string;
  status: number | null;
  error?: string;
}

export interface Fault {
  /** `messages` (sends), `media` (the media URL lookup) or `download`. */
  on: 'messages' | 'media' | 'download';
  status: number;
  error: { code: number; message: string; type?: string; error_subcode?: number };
  remaining: number;
}

interface StoredMedia {
  id: string;
  phoneNumberId: string;
  bytes: Buffer;
  mimeType: string;
  sha256: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The emulator's memory: phone numbers, what was sent (the call log tests assert on), media, the webhook deliveries
 * and their answers, the per-user 24-hour window and injected faults. Deliveries to the app run in the background;
 * `flush()` waits for them, so tests need no sleeps.
 */
export class WhatsappEmulatorState {
  readonly phoneNumbers = new Map<string, PhoneNumber>();
  readonly sent: SentMessage[] = [];
  readonly reads: Array<{ phoneNumberId: string; messageId: string; typing: boolean; at: string }> = [];
  readonly deliveries: Delivery[] = [];
  readonly faults: Fault[] = [];
  autoStatuses: Array<'sent' | 'delivered' | 'read'> = ['sent', 'delivered'];
  clockOffsetMs = 0;
  private readonly media = new Map<string, StoredMedia>();
  private readonly lastInbound = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly baseUrl: () => string) {}

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  reset(): void {
    this.phoneNumbers.clear();
    this.sent.length = 0;
    this.reads.length = 0;
    this.deliveries.length = 0;
    this.faults.length = 0;
    this.media.clear();
    this.lastInbound.clear();
    this.autoStatuses = ['sent', 'delivered'];
    this.clockOffsetMs = 0;
  }

  /** The phone number a bearer token may act for; Meta answers 401/190 for a wrong one. */
  authorize(phoneNumberId: string, authorization: string | undefined): PhoneNumber {
    const phone = this.phoneNumbers.get(phoneNumberId);
    if (!phone) throw graphErrors.unknownObject(phoneNumberId);
    if (authorization !== `Bearer ${phone.accessToken}`) throw graphErrors.invalidToken();
    return phone;
  }

  takeFault(on: Fault['on']): GraphFailure | null {
    const fault = this.faults.find((f) => f.on === on && f.remaining > 0);
    if (!fault) return null;
    fault.remaining -= 1;
    return new GraphFailure(fault.status, { type: 'OAuthException', ...fault.error });
  }

  /** A send Meta accepted. A free-form message outside the window is accepted too, then fails with 131047. */
  send(phone: PhoneNumber, request: Extract<SendRequest, { kind: 'message' }>): SendMessageResponse {
    const id = `wamid.${randomBytes(18).toString('base64url')}`;
    this.sent.push({ id, phoneNumberId: phone.phoneNumberId, to: request.to, type: request.type, content: request.content, at: new Date(this.now()).toISOString() });
    const inWindow = this.now() - (this.lastInbound.get(`${phone.phoneNumberId}:${request.to}`) ?? -Infinity) < DAY_MS;
    if (request.type !== 'template' && !inWindow) {
      this.notifyStatus(phone, { id, status: 'failed', timestamp: this.unixNow(), recipient_id: request.to, errors: [REENGAGEMENT_ERROR] });
    } else {
      for (const status of this.autoStatuses) this.notifyStatus(phone, { id, status, timestamp: this.unixNow(), recipient_id: request.to });
    }
    return { messaging_product: 'whatsapp', contacts: [{ input: request.to, wa_id: request.to }], messages: [{ id }] };
  }

  addMedia(phoneNumberId: string, bytes: Buffer, mimeType: string): string {
    const id = String(10 ** 15 + Math.floor(Math.random() * 9 * 10 ** 15));
    this.media.set(id, { id, phoneNumberId, bytes, mimeType, sha256: createHash('sha256').update(bytes).digest('hex') });
    return id;
  }

  findMedia(id: string): StoredMedia | undefined {
    return this.media.get(id);
  }

  mediaUrl(id: string): string {
    return `${this.baseUrl()}/_media/${id}`;
  }

  /** The end user writes: the window opens, and the app is notified. Returns the message's wamid. */
  inbound(phone: PhoneNumber, from: string, name: string, message: Omit<InboundMessage, 'from' | 'id' | 'timestamp'> & { id?: string }): string {
    const id = message.id ?? `wamid.${randomBytes(18).toString('base64url')}`;
    this.lastInbound.set(`${phone.phoneNumberId}:${from}`, this.now());
    const full = { ...message, from, id, timestamp: this.unixNow() } as InboundMessage;
    this.notify(phone, { contacts: [{ profile: { name }, wa_id: from }], messages: [full] });
    return id;
  }

  notifyStatus(phone: PhoneNumber, status: MessageStatus): void {
    this.notify(phone, { statuses: [status] });
  }

  /** Delivers any notification body as Meta would (signed), for tests of replays and foreign phone numbers. */
  deliverRaw(phone: PhoneNumber, body: string, signature?: string): void {
    const signed = signature ?? `sha256=${createHmac('sha256', phone.appSecret).update(body).digest('hex')}`;
    const delivery: Delivery = { at: new Date(this.now()).toISOString(), url: phone.webhookUrl, body, signature: signed, status: null };
    this.deliveries.push(delivery);
    const task = post(delivery).finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private notify(phone: PhoneNumber, value: Omit<Notification['entry'][number]['changes'][number]['value'], 'messaging_product' | 'metadata'>): void {
    const notification: Notification = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: phone.wabaId,
          changes: [
            {
              field: 'messages',
              value: { messaging_product: 'whatsapp', metadata: { display_phone_number: phone.displayPhoneNumber, phone_number_id: phone.phoneNumberId }, ...value },
            },
          ],
        },
      ],
    };
    this.deliverRaw(phone, JSON.stringify(notification));
  }

  private unixNow(): string {
    return String(Math.floor(this.now() / 1000));
  }
}

/** One delivery attempt. Meta retries failures for days; tests replay with `deliverRaw` instead. */
async function post(delivery: Delivery): Promise<void> {
  try {
    const res = await fetch(delivery.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': delivery.signature },
      body: delivery.body,
      signal: AbortSignal.timeout(10_000),
    });
    delivery.status = res.status;
    await res.arrayBuffer();
  } catch (err) {
    delivery.error = err instanceof Error ? err.message : String(err);
  }
}
