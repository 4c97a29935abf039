import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWhatsappEmulator, WhatsappEmulator } from './server';
import { Notification } from './wire.types';

const TOKEN = 'EAAG-test-access-token';
const APP_SECRET = 'the-app-secret-0123456789';
const PHONE = '106540352242922';

/** The app side: records each notification and whether its signature is right. */
async function startApp(): Promise<{ url: string; received: Array<{ body: Notification; signed: boolean }>; close(): Promise<void> }> {
  const received: Array<{ body: Notification; signed: boolean }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
      received.push({ body: JSON.parse(raw.toString('utf8')) as Notification, signed: req.headers['x-hub-signature-256'] === expected });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('WhatsApp Cloud API emulator', () => {
  let emulator: WhatsappEmulator;
  let app: Awaited<ReturnType<typeof startApp>>;

  const testApi = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emulator.testApiUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
  };
  const graph = async (path: string, body: unknown, token = TOKEN) => {
    const res = await fetch(`${emulator.graphApiBaseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { error?: { code: number; message: string; error_data?: { details: string } } } & Record<string, unknown> };
  };
  const sendText = (to: string, body = 'Hello') => graph(`/${PHONE}/messages`, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });
  const buttons = (n: number, title = 'Yes') => ({
    messaging_product: 'whatsapp',
    to: '4915112345678',
    type: 'interactive',
    interactive: { type: 'button', body: { text: 'Pick one' }, action: { buttons: Array.from({ length: n }, (_, i) => ({ type: 'reply', reply: { id: `b${i}`, title: `${title}${i}` } })) } },
  });

  beforeEach(async () => {
    emulator = await startWhatsappEmulator();
    app = await startApp();
    await testApi('POST', '/phone-numbers', { phoneNumberId: PHONE, accessToken: TOKEN, appSecret: APP_SECRET, webhookUrl: app.url });
  });
  afterEach(async () => {
    await emulator.close();
    await app.close();
  });

  it('delivers an end user’s message as a signed notification and opens the 24-hour window', async () => {
    const inbound = await testApi('POST', '/inbound', { phoneNumberId: PHONE, from: '4915112345678', name: 'Simba', message: { type: 'text', text: { body: 'Hi' } } });
    expect(inbound.body).toMatchObject({ id: expect.stringMatching(/^wamid\./), delivery: { status: 200 } });
    expect(app.received).toHaveLength(1);
    expect(app.received[0]!.signed).toBe(true);
    const value = app.received[0]!.body.entry[0]!.changes[0]!.value;
    expect(value).toMatchObject({ metadata: { phone_number_id: PHONE }, contacts: [{ profile: { name: 'Simba' }, wa_id: '4915112345678' }], messages: [{ from: '4915112345678', type: 'text', text: { body: 'Hi' } }] });

    const sent = await sendText('4915112345678');
    expect(sent).toEqual({ status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: '4915112345678', wa_id: '4915112345678' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] } });
    await testApi('POST', '/flush');
    const statuses = app.received.slice(1).map((r) => r.body.entry[0]!.changes[0]!.value.statuses![0]!);
    expect(statuses.map((s) => [s.id, s.status])).toEqual([
      [(sent.body.messages as Array<{ id: string }>)[0]!.id, 'sent'],
      [(sent.body.messages as Array<{ id: string }>)[0]!.id, 'delivered'],
    ]);
    expect((await testApi('GET', `/sent?to=4915112345678`)).body).toHaveLength(1);
  });

  it('fails a free-form message outside the window with 131047, but lets a template through', async () => {
    await testApi('POST', '/inbound', { phoneNumberId: PHONE, from: '4915112345678', message: { type: 'text', text: { body: 'Hi' } } });
    await testApi('POST', '/clock', { advanceSeconds: 24 * 3600 + 1 });
    expect((await sendText('4915112345678')).status).toBe(200);
    const template = await graph(`/${PHONE}/messages`, { messaging_product: 'whatsapp', to: '4915112345678', type: 'template', template: { name: 'reopen', language: { code: 'en' } } });
    expect(template.status).toBe(200);
    await testApi('POST', '/flush');
    const statuses = app.received.slice(1).map((r) => r.body.entry[0]!.changes[0]!.value.statuses![0]!);
    expect(statuses[0]).toMatchObject({ status: 'failed', errors: [{ code: 131047 }] });
    expect(statuses.slice(1).map((s) => s.status)).toEqual(['sent', 'delivered']);
  });

  it('validates sends as strictly as Meta: envelope, type object, interactive limits', async () => {
    const cases: Array<[unknown, number]> = [
      [{ to: '4915112345678', type: 'text', text: { body: 'x' } }, 131008],
      [{ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 131008],
      [{ messaging_product: 'whatsapp', recipient_type: 'group', to: '4915112345678', text: { body: 'x' } }, 131009],
      [{ messaging_product: 'whatsapp', to: '4915112345678', type: 'text' }, 131008],
      [{ messaging_product: 'whatsapp', to: '4915112345678', type: 'text', text: { body: 'x', bold: true } }, 100],
      [{ messaging_product: 'whatsapp', to: '4915112345678', type: 'text', text: { body: 'x' }, image: { link: 'https://x' } }, 100],
      [{ messaging_product: 'whatsapp', to: '4915112345678', type: 'image', image: { link: 'ftp://x' } }, 131009],
      [buttons(4), 131009],
      [buttons(1, 'A title that is too long'), 131009],
      [
        {
          messaging_product: 'whatsapp',
          to: '4915112345678',
          type: 'interactive',
          interactive: { type: 'list', body: { text: 'b' }, action: { button: 'Options', sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }] } },
        },
        131009,
      ],
    ];
    for (const [body, code] of cases) {
      const res = await graph(`/${PHONE}/messages`, body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code });
    }
    expect((await graph(`/${PHONE}/messages`, buttons(3))).status).toBe(200);
    expect((await testApi('GET', '/sent')).body).toHaveLength(1);
  });

  it('refuses a wrong token with 401/190 and an unknown phone number with 100', async () => {
    expect(await sendText('4915112345678').then(() => graph(`/${PHONE}/messages`, {}, 'wrong'))).toMatchObject({ status: 401, body: { error: { code: 190 } } });
    expect(await graph('/999/messages', {})).toMatchObject({ status: 400, body: { error: { code: 100, error_subcode: 33 } } });
  });

  it('serves media through the URL lookup and an authenticated download', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const { body } = await testApi('POST', '/media', { phoneNumberId: PHONE, mimeType: 'image/jpeg', base64: bytes.toString('base64') });
    const lookup = await fetch(`${emulator.graphApiBaseUrl}/${body.id as string}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const meta = (await lookup.json()) as { url: string; mime_type: string; file_size: number };
    expect(meta).toMatchObject({ mime_type: 'image/jpeg', file_size: bytes.length, id: body.id });
    expect((await fetch(meta.url)).status).toBe(401);
    const download = await fetch(meta.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
  });

  it('injects faults and records read receipts with the typing indicator', async () => {
    await testApi('POST', '/faults', { on: 'messages', status: 400, error: { code: 130429, message: 'Rate limit hit' }, times: 1 });
    expect(await sendText('4915112345678')).toMatchObject({ status: 400, body: { error: { code: 130429 } } });
    const read = await graph(`/${PHONE}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.abc', typing_indicator: { type: 'text' } });
    expect(read).toEqual({ status: 200, body: { success: true } });
    expect((await testApi('GET', '/reads')).body).toEqual([expect.objectContaining({ messageId: 'wamid.abc', typing: true })]);
  });
});
