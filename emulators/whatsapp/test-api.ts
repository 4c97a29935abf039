import { ServerResponse } from 'node:http';
import { Fault, WhatsappEmulatorState } from './emulator-state';
import { send } from './http-json';
import { MessageStatus } from './wire.types';

type Json = Record<string, unknown>;

class TestApiError extends Error {}

/**
 * The test API (no authentication; the emulator listens on loopback): register phone numbers, play the end user
 * (messages, media, read receipts), inject faults, move the clock, and read what the app sent. Every call that makes
 * the emulator notify the app answers after the delivery, with the app's HTTP status.
 */
export async function handleTestApi(state: WhatsappEmulatorState, method: string, url: URL, raw: Buffer, res: ServerResponse): Promise<void> {
  try {
    const route = `${method} ${url.pathname.slice('/_emulator'.length)}`;
    const body = method === 'GET' ? {} : parse(raw);
    switch (route) {
      case 'POST /reset':
        state.reset();
        return send(res, 200, { ok: true });
      case 'POST /phone-numbers': {
        const phoneNumberId = text(body, 'phoneNumberId');
        state.phoneNumbers.set(phoneNumberId, {
          phoneNumberId,
          accessToken: text(body, 'accessToken'),
          appSecret: text(body, 'appSecret'),
          webhookUrl: text(body, 'webhookUrl'),
          displayPhoneNumber: optionalText(body, 'displayPhoneNumber') ?? '15550000000',
          wabaId: optionalText(body, 'wabaId') ?? `waba-${phoneNumberId}`,
        });
        return send(res, 201, { phoneNumberId });
      }
      case 'POST /media': {
        const phone = phoneOf(state, body);
        return send(res, 201, { id: state.addMedia(phone.phoneNumberId, Buffer.from(text(body, 'base64'), 'base64'), text(body, 'mimeType')) });
      }
      case 'POST /inbound': {
        const phone = phoneOf(state, body);
        const message = body.message;
        if (typeof message !== 'object' || message === null || typeof (message as Json).type !== 'string') throw new TestApiError('message must be an object with a type');
        const id = state.inbound(phone, text(body, 'from'), optionalText(body, 'name') ?? 'WhatsApp user', message as Parameters<WhatsappEmulatorState['inbound']>[3]);
        return send(res, 200, { id, delivery: await delivered(state) });
      }
      case 'POST /statuses': {
        const phone = phoneOf(state, body);
        const status = text(body, 'status') as MessageStatus['status'];
        if (!['sent', 'delivered', 'read', 'failed'].includes(status)) throw new TestApiError('status must be sent, delivered, read or failed');
        const sent = state.sent.find((m) => m.id === text(body, 'messageId'));
        state.notifyStatus(phone, { id: text(body, 'messageId'), status, timestamp: String(Math.floor(state.now() / 1000)), recipient_id: sent?.to ?? optionalText(body, 'recipientId') ?? '' });
        return send(res, 200, { delivery: await delivered(state) });
      }
      case 'POST /notifications': {
        const phone = phoneOf(state, body);
        state.deliverRaw(phone, typeof body.raw === 'string' ? body.raw : JSON.stringify(body.notification), optionalText(body, 'signature'));
        return send(res, 200, { delivery: await delivered(state) });
      }
      case 'POST /faults': {
        const on = text(body, 'on') as Fault['on'];
        if (!['messages', 'media', 'download'].includes(on)) throw new TestApiError('on must be messages, media or download');
        const error = body.error as Fault['error'];
        if (typeof error?.code !== 'number' || typeof error.message !== 'string') throw new TestApiError('error must be {code, message}');
        state.faults.push({ on, status: number(body, 'status'), error, remaining: typeof body.times === 'number' ? body.times : 1 });
        return send(res, 201, { ok: true });
      }
      case 'POST /clock':
        state.clockOffsetMs += number(body, 'advanceSeconds') * 1000;
        return send(res, 200, { now: new Date(state.now()).toISOString() });
      case 'PUT /auto-statuses': {
        const statuses = body.statuses;
        if (!Array.isArray(statuses) || !statuses.every((s) => ['sent', 'delivered', 'read'].includes(s as string))) throw new TestApiError('statuses must list sent, delivered or read');
        state.autoStatuses = statuses as WhatsappEmulatorState['autoStatuses'];
        return send(res, 200, { statuses });
      }
      case 'POST /flush':
        await state.flush();
        return send(res, 200, { ok: true });
      case 'GET /sent':
        return send(res, 200, state.sent.filter((m) => matches(url, 'phoneNumberId', m.phoneNumberId) && matches(url, 'to', m.to)));
      case 'GET /reads':
        return send(res, 200, state.reads);
      case 'GET /deliveries':
        return send(res, 200, state.deliveries);
      default:
        return send(res, 404, { message: `No test API route ${route}` });
    }
  } catch (err) {
    if (!(err instanceof TestApiError)) throw err;
    send(res, 400, { message: err.message });
  }
}

async function delivered(state: WhatsappEmulatorState): Promise<{ status: number | null; error?: string }> {
  await state.flush();
  const last = state.deliveries[state.deliveries.length - 1];
  return { status: last?.status ?? null, ...(last?.error ? { error: last.error } : {}) };
}

function phoneOf(state: WhatsappEmulatorState, body: Json) {
  const phone = state.phoneNumbers.get(text(body, 'phoneNumberId'));
  if (!phone) throw new TestApiError('phoneNumberId is not registered');
  return phone;
}

function matches(url: URL, key: string, value: string): boolean {
  const wanted = url.searchParams.get(key);
  return wanted === null || wanted === value;
}

function parse(raw: Buffer): Json {
  try {
    const value: unknown = JSON.parse(raw.length === 0 ? '{}' : raw.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // falls through to the error below
  }
  throw new TestApiError('the body must be a JSON object');
}

function text(body: Json, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new TestApiError(`${key} must be a non-empty string`);
  return value;
}

function optionalText(body: Json, key: string): string | undefined {
  return body[key] === undefined ? undefined : text(body, key);
}

function number(body: Json, key: string): number {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TestApiError(`${key} must be a number`);
  return value;
}
