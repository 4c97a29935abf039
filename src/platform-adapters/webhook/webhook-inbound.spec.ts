import { signedWebhook } from '../../../test/support/fake-platform';
import { FixedClock } from '../../core/clock/clock';
import { EgressPolicy } from '../../core/egress/egress-policy';
import { AppConfig } from '../../core/config/app-config';
import { DEFAULT_CHANNEL_SETTINGS } from '../../core/domain/channel-settings';
import { AdapterChannel, InboundRequest } from '../platform-adapter';
import { PlatformAdapterError } from '../platform-adapters.errors';
import { WebhookAdapter } from './webhook.adapter';

const NEW_SECRET = 'new-secret-0123456789abc';
const OLD_SECRET = 'old-secret-0123456789abc';
const RECEIVED_AT = new Date('2026-01-02T03:05:00.000Z');
const NOW_S = RECEIVED_AT.getTime() / 1000;

const adapter = new WebhookAdapter(new FixedClock(RECEIVED_AT), { platform: { timeoutMs: 1000 } } as AppConfig, new EgressPolicy([]));
const channel: AdapterChannel = {
  id: 'ch-1',
  brandId: 'b-1',
  dfoChannelId: 'dfo-ch-1',
  config: { outboundUrl: 'https://platform.example/byoc', signingSecrets: [NEW_SECRET, OLD_SECRET] },
  settings: DEFAULT_CHANNEL_SETTINGS,
};

/** A request exactly as the inbound controller hands it over. */
function request(body: unknown, options: { secret?: string; timestamp?: number; sendInstead?: string } = {}): InboundRequest {
  const signed = signedWebhook(options.secret ?? NEW_SECRET, body, { timestamp: options.timestamp ?? NOW_S });
  const payload = options.sendInstead ?? signed.payload;
  return { headers: signed.headers, rawBody: Buffer.from(payload, 'utf8'), body: JSON.parse(payload), receivedAt: RECEIVED_AT };
}

async function rejection(req: InboundRequest): Promise<PlatformAdapterError> {
  const error = await adapter.parseInbound(channel, req).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformAdapterError);
  return error as PlatformAdapterError;
}

const message = {
  type: 'message',
  id: 'm-1',
  threadId: 't-1',
  createdAt: '2026-01-02T03:04:05.678Z',
  author: { id: 'u-1', firstName: 'Simba', lastName: 'Lion', nickname: '@simba', image: 'https://img.example/simba.png' },
  text: 'Hello',
  attachments: [{ url: 'https://files.example/receipt.jpg', name: 'receipt.jpg' }],
};

describe('WebhookAdapter inbound verification', () => {
  it('parses every event type of a correctly signed request', async () => {
    const events = [
      message,
      { type: 'message', id: 'm-2', threadId: 't-1', createdAt: '2026-01-02T04:04:05+01:00', author: { id: 'u-1' }, text: 'Hi' },
      { type: 'typing', threadId: 't-1', authorId: 'u-1', on: true },
      { type: 'typing', threadId: 't-1', on: false },
      { type: 'delivered', messageId: 'our-1' },
      { type: 'read', messageId: 'our-1' },
      { type: 'left', threadId: 't-1' },
    ];
    await expect(adapter.parseInbound(channel, request({ events }))).resolves.toEqual([
      { ...message, createdAt: new Date('2026-01-02T03:04:05.678Z') },
      { type: 'message', id: 'm-2', threadId: 't-1', createdAt: new Date('2026-01-02T03:04:05.000Z'), author: { id: 'u-1' }, text: 'Hi', attachments: [] },
      { type: 'typing', threadId: 't-1', authorId: 'u-1', on: true, at: RECEIVED_AT },
      { type: 'typing', threadId: 't-1', on: false, at: RECEIVED_AT },
      { type: 'delivered', messageId: 'our-1', at: RECEIVED_AT },
      { type: 'read', messageId: 'our-1', at: RECEIVED_AT },
      { type: 'left', threadId: 't-1', at: RECEIVED_AT },
    ]);
  });

  it('accepts the second secret while one is rotated', async () => {
    await expect(adapter.parseInbound(channel, request({ events: [message] }, { secret: OLD_SECRET }))).resolves.toHaveLength(1);
  });

  it('accepts timestamps at the edges of the 300 s window', async () => {
    await expect(adapter.parseInbound(channel, request({ events: [message] }, { timestamp: NOW_S - 300 }))).resolves.toHaveLength(1);
    await expect(adapter.parseInbound(channel, request({ events: [message] }, { timestamp: NOW_S + 300 }))).resolves.toHaveLength(1);
  });

  it.each([
    ['a secret the channel does not have', { secret: 'someone-else-0123456789' }],
    ['a stale timestamp', { timestamp: NOW_S - 301 }],
    ['a future timestamp', { timestamp: NOW_S + 301 }],
    ['a tampered body', { sendInstead: JSON.stringify({ events: [{ ...message, text: 'Send me the money' }] }) }],
  ])('rejects %s as AUTH_FAILED', async (_name, options) => {
    expect((await rejection(request({ events: [message] }, options))).kind).toBe('AUTH_FAILED');
  });

  it.each([
    ['no headers', () => ({})],
    ['a non-numeric timestamp', (h: Record<string, string>) => ({ ...h, 'x-byoc-timestamp': 'yesterday' })],
    ['a signature without its prefix', (h: Record<string, string>) => ({ ...h, 'x-byoc-signature': h['x-byoc-signature'].slice(7) })],
    ['a repeated signature header', (h: Record<string, string>) => ({ ...h, 'x-byoc-signature': [h['x-byoc-signature'], 'sha256=00'] })],
  ])('rejects %s as AUTH_FAILED', async (_name, edit: (h: Record<string, string>) => InboundRequest['headers']) => {
    const req = request({ events: [message] });
    expect((await rejection({ ...req, headers: edit(req.headers as Record<string, string>) })).kind).toBe('AUTH_FAILED');
  });

  it('accepts headers in any casing', async () => {
    const req = request({ events: [message] });
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toUpperCase(), v]));
    await expect(adapter.parseInbound(channel, { ...req, headers })).resolves.toHaveLength(1);
  });

  it('checks the signature before the payload, so an unsigned caller learns nothing of the format', async () => {
    expect((await rejection(request({ nonsense: true }, { secret: 'someone-else-0123456789' }))).kind).toBe('AUTH_FAILED');
  });
});

describe('WebhookAdapter inbound payload', () => {
  const msg = (patch: Record<string, unknown>) => ({ ...message, ...patch });
  const cases: [string, unknown, string][] = [
    ['a body that is not an object', [message], 'body'],
    ['an unknown top-level field', { events: [message], extra: 1 }, 'extra'],
    ['no events', {}, 'events'],
    ['an empty list', { events: [] }, 'events'],
    ['too many events', { events: Array.from({ length: 101 }, (_, i) => msg({ id: `m-${i}` })) }, 'events'],
    ['an unknown type', { events: [message, message, { type: 'reaction', threadId: 't-1' }] }, 'events[2].type'],
    ['an event that is not an object', { events: ['hello'] }, 'events[0].type'],
    ['a missing author id', { events: [message, message, msg({ author: { firstName: 'Nala' } })] }, 'events[2].author.id'],
    ['an empty id', { events: [msg({ id: '' })] }, 'events[0].id'],
    ['a blank thread id', { events: [msg({ threadId: '   ' })] }, 'events[0].threadId'],
    ['a numeric id', { events: [msg({ id: 42 })] }, 'events[0].id'],
    ['an overlong id', { events: [msg({ id: 'x'.repeat(256) })] }, 'events[0].id'],
    ['a date without a zone', { events: [msg({ createdAt: '2026-01-02T03:04:05' })] }, 'events[0].createdAt'],
    ['an impossible date', { events: [msg({ createdAt: '2026-02-30T03:04:05Z' })] }, 'events[0].createdAt'],
    ['a date that is a number', { events: [msg({ createdAt: 1767323045 })] }, 'events[0].createdAt'],
    ['an author that is a string', { events: [msg({ author: 'u-1' })] }, 'events[0].author'],
    ['an unknown author field', { events: [msg({ author: { id: 'u-1', email: 'a@b.c' } })] }, 'events[0].author.email'],
    ['a non-string first name', { events: [msg({ author: { id: 'u-1', firstName: 7 } })] }, 'events[0].author.firstName'],
    ['a non-http image', { events: [msg({ author: { id: 'u-1', image: 'javascript:alert(1)' } })] }, 'events[0].author.image'],
    ['text that is not a string', { events: [msg({ text: ['Hello'] })] }, 'events[0].text'],
    ['text that is too long', { events: [msg({ text: 'x'.repeat(10_001) })] }, 'events[0].text'],
    ['neither text nor attachments', { events: [msg({ text: ' ', attachments: [] })] }, 'events[0].text'],
    ['attachments that are not a list', { events: [msg({ attachments: { url: 'https://x.example' } })] }, 'events[0].attachments'],
    ['a file: attachment', { events: [msg({ attachments: [{ url: 'file:///etc/passwd', name: 'p' }] })] }, 'events[0].attachments[0].url'],
    ['an attachment without a name', { events: [msg({ attachments: [{ url: 'https://x.example/a' }] })] }, 'events[0].attachments[0].name'],
    ['an unknown message field', { events: [msg({ html: '<b>hi</b>' })] }, 'events[0].html'],
    ['typing without on', { events: [{ type: 'typing', threadId: 't-1' }] }, 'events[0].on'],
    ['typing with a string on', { events: [{ type: 'typing', threadId: 't-1', on: 'true' }] }, 'events[0].on'],
    ['typing with an empty author', { events: [{ type: 'typing', threadId: 't-1', authorId: '', on: true }] }, 'events[0].authorId'],
    ['a receipt without a message id', { events: [{ type: 'read' }] }, 'events[0].messageId'],
    ['a receipt with a thread id', { events: [{ type: 'delivered', messageId: 'x', threadId: 't-1' }] }, 'events[0].threadId'],
    ['left without a thread', { events: [{ type: 'left' }] }, 'events[0].threadId'],
  ];

  it.each(cases)('rejects %s, naming the field', async (_name, body, field) => {
    const error = await rejection(request(body));
    expect(error.kind).toBe('INVALID_PAYLOAD');
    expect(error.details.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')} `));
  });

  it('rejects a body that is not JSON', async () => {
    const signed = signedWebhook(NEW_SECRET, '{"events": [', { timestamp: NOW_S });
    const error = await rejection({ headers: signed.headers, rawBody: Buffer.from(signed.payload), body: undefined, receivedAt: RECEIVED_AT });
    expect([error.kind, error.details.field]).toEqual(['INVALID_PAYLOAD', 'body']);
  });

  it('accepts a message with attachments only, and 100 events', async () => {
    const events = Array.from({ length: 100 }, (_, i) => msg({ id: `m-${i}`, text: undefined }));
    const parsed = await adapter.parseInbound(channel, request({ events }));
    expect(parsed).toHaveLength(100);
    expect(parsed[0]).toMatchObject({ type: 'message', text: '', attachments: message.attachments });
  });
});
