import { FakePlatform } from '../../../test/support/fake-platform';
import { FixedClock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { EgressPolicy } from '../../core/egress/egress-policy';
import { parseCidr } from '../../core/net/ip-address';
import { DEFAULT_CHANNEL_SETTINGS } from '../../core/domain/channel-settings';
import { AdapterChannel, OutboundMessage } from '../platform-adapter';
import { PlatformAdapterError } from '../platform-adapters.errors';
import { WebhookAdapter } from './webhook.adapter';
import { webhookSignature } from './webhook-signature';

const SECRET = 'first-secret-0123456789';
const OLD_SECRET = 'older-secret-0123456789';
/** The fake platform listens on loopback. */
const LOOPBACK = new EgressPolicy([parseCidr('127.0.0.0/8')!]);
const NOTHING_PRIVATE = new EgressPolicy([]);

describe('WebhookAdapter outbound', () => {
  let platform: FakePlatform;
  let clock: FixedClock;
  let adapter: WebhookAdapter;
  let channel: AdapterChannel;

  beforeEach(async () => {
    platform = await FakePlatform.start({ secrets: SECRET });
    // Real "now", frozen: the fake platform checks freshness against its own clock.
    clock = new FixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
    adapter = new WebhookAdapter(clock, { platform: { timeoutMs: 400 } } as AppConfig, LOOPBACK);
    channel = {
      id: 'ch-1',
      brandId: 'b-1',
      dfoChannelId: 'dfo-ch-1',
      config: { outboundUrl: platform.url, signingSecrets: [SECRET, OLD_SECRET] },
      settings: DEFAULT_CHANNEL_SETTINGS,
    };
  });
  afterEach(async () => {
    await adapter.onApplicationShutdown();
    await platform.close();
  });

  const message: OutboundMessage = {
    id: 'msg-1',
    threadId: 't-1',
    recipient: { id: 'u-1', name: 'Simba' },
    text: 'Hakuna matata',
    attachments: [{ url: 'https://files.example/a.png', name: 'a.png' }],
    agent: { name: 'Rafiki' },
    authorKind: 'agent',
  };

  /** Pins the one request that arrived: URL, method, headers, exact body bytes and a signature by the FIRST secret. */
  function expectOneSignedPost(expectedBody: string): void {
    expect(platform.requests).toHaveLength(1);
    const [req] = platform.requests;
    const timestamp = String(clock.now().getTime() / 1000);
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/byoc');
    expect(req.rawBody).toBe(expectedBody);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-byoc-timestamp']).toBe(timestamp);
    expect(req.headers['x-byoc-signature']).toBe(webhookSignature(SECRET, timestamp, expectedBody));
    expect(req.signatureValid).toBe(true);
  }

  it('sends an agent message and returns the platform id', async () => {
    await expect(adapter.sendMessage(channel, message)).resolves.toEqual({ platformMessageId: 'p-1' });
    expectOneSignedPost(
      '{"type":"message","id":"msg-1","threadId":"t-1","recipient":{"id":"u-1"},"text":"Hakuna matata",' +
        '"attachments":[{"url":"https://files.example/a.png","name":"a.png"}],"agent":{"name":"Rafiki"}}',
    );
  });

  it('starts a conversation with the same body on a new thread', async () => {
    const system: OutboundMessage = { ...message, threadId: 't-new', attachments: [], agent: undefined, authorKind: 'system' };
    await expect(adapter.startConversation(channel, system)).resolves.toEqual({ platformMessageId: 'p-1' });
    expectOneSignedPost(
      '{"type":"message","id":"msg-1","threadId":"t-new","recipient":{"id":"u-1"},"text":"Hakuna matata","attachments":[],"agent":{"name":null}}',
    );
  });

  it('sends typing on and off', async () => {
    await adapter.sendTyping(channel, 't-1', true);
    expectOneSignedPost('{"type":"typing","threadId":"t-1","on":true}');
    await adapter.sendTyping(channel, 't-1', false);
    expect(platform.requests[1].rawBody).toBe('{"type":"typing","threadId":"t-1","on":false}');
  });

  it('sends the idle warning with its deadline', async () => {
    const closesAt = new Date('2026-01-02T03:04:25.000Z');
    await adapter.sendLifecycle(channel, { type: 'conversation.idle_warning', threadId: 't-1', text: 'Still there?', closesAt });
    expectOneSignedPost('{"type":"conversation.idle_warning","threadId":"t-1","text":"Still there?","closesAt":"2026-01-02T03:04:25.000Z"}');
  });

  it('sends resumed', async () => {
    await adapter.sendLifecycle(channel, { type: 'conversation.resumed', threadId: 't-1' });
    expectOneSignedPost('{"type":"conversation.resumed","threadId":"t-1"}');
  });

  it('sends closed with its reason and text, and null text when there is none', async () => {
    await adapter.sendLifecycle(channel, { type: 'conversation.closed', threadId: 't-1', reason: 'idle_timeout', text: 'Bye' });
    expectOneSignedPost('{"type":"conversation.closed","threadId":"t-1","reason":"idle_timeout","text":"Bye"}');
    await adapter.sendLifecycle(channel, { type: 'conversation.closed', threadId: 't-1', reason: 'agent' });
    expect(platform.requests[1].rawBody).toBe('{"type":"conversation.closed","threadId":"t-1","reason":"agent","text":null}');
  });

  it.each([
    ['a 2xx without an id', { status: 202, body: { ok: true } }],
    ['an empty 204', { status: 204 }],
    ['a 2xx that is not JSON', { status: 200, body: undefined, headers: { 'content-type': 'text/plain' } }],
  ])('counts %s as sent, with no platform id', async (_name, answer) => {
    platform.respond(answer, 1);
    await expect(adapter.sendMessage(channel, message)).resolves.toEqual({ platformMessageId: null });
  });

  async function failure(promise: Promise<unknown>): Promise<PlatformAdapterError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformAdapterError);
    return error as PlatformAdapterError;
  }

  it.each([
    [503, 'RETRYABLE'],
    [500, 'RETRYABLE'],
    [429, 'RETRYABLE'],
    [408, 'RETRYABLE'],
    [401, 'AUTH_FAILED'],
    [403, 'AUTH_FAILED'],
    [400, 'REJECTED'],
    [404, 'REJECTED'],
    [422, 'REJECTED'],
    [301, 'REJECTED'],
  ])('maps HTTP %i to %s, with the status and no platform text', async (status, kind) => {
    platform.fail(status, { times: 1 });
    const error = await failure(adapter.sendMessage(channel, message));
    expect(error.kind).toBe(kind);
    expect(error.details.httpStatus).toBe(status);
    expect(error.message).toBe(`platform answered HTTP ${status}`);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    platform.fail(503, { times: 1, retryAfter: '7' });
    expect((await failure(adapter.sendTyping(channel, 't-1', true))).retryAfterMs).toBe(7000);
    platform.fail(429, { times: 1, retryAfter: new Date(clock.now().getTime() + 30_000).toUTCString() });
    expect((await failure(adapter.sendTyping(channel, 't-1', true))).retryAfterMs).toBe(30_000);
    // Not a date: "-3" would parse as the year -3 (a wait of zero); it is ignored instead, like any garbage.
    platform.fail(503, { times: 1, retryAfter: '-3' });
    expect((await failure(adapter.sendTyping(channel, 't-1', true))).retryAfterMs).toBeUndefined();
  });

  it('is retryable when the platform is too slow or unreachable', async () => {
    platform.respond({ status: 200, body: { id: 'late' }, delayMs: 2000 }, 1);
    const slow = await failure(adapter.sendMessage(channel, message));
    expect(slow.kind).toBe('RETRYABLE');
    const unreachable = { ...channel, config: { ...channel.config, outboundUrl: 'http://127.0.0.1:1/byoc' } };
    const refused = await failure(adapter.sendMessage(unreachable, message));
    expect(refused.kind).toBe('RETRYABLE');
    expect(refused.message).toMatch(/platform unreachable/);
  });

  it('refuses a target outside the egress policy at connect time, after DNS, saying nothing about the remote', async () => {
    const strict = new WebhookAdapter(clock, { platform: { timeoutMs: 400 } } as AppConfig, NOTHING_PRIVATE);
    try {
      const port = new URL(platform.url).port;
      // A literal loopback address, and a name that resolves to loopback, over https (so only DNS can tell).
      for (const outboundUrl of [platform.url, `https://localhost:${port}/`]) {
        const refused = await failure(strict.sendMessage({ ...channel, config: { ...channel.config, outboundUrl } }, message));
        expect([refused.kind, refused.message]).toEqual(['REJECTED', 'egress refused']);
      }
      expect(platform.requests).toHaveLength(0);
    } finally {
      await strict.onApplicationShutdown();
    }
  });

  it('refuses to send with a corrupt config, without calling anyone', async () => {
    const broken = { ...channel, config: { outboundUrl: platform.url, signingSecrets: [] } };
    expect((await failure(adapter.sendMessage(broken, message))).kind).toBe('REJECTED');
    expect(platform.requests).toHaveLength(0);
  });
});

describe('WebhookAdapter config', () => {
  const adapter = new WebhookAdapter(new FixedClock(), { platform: { timeoutMs: 1000 } } as AppConfig, new EgressPolicy([parseCidr('10.0.0.0/8')!]));
  afterAll(() => adapter.onApplicationShutdown());

  it('accepts an http(s) URL with one or two long secrets, and marks the secrets as secret', () => {
    expect(adapter.validateConfig({ outboundUrl: 'https://platform.example/byoc', signingSecrets: ['x'.repeat(16)] })).toEqual([]);
    expect(adapter.validateConfig({ outboundUrl: 'http://10.0.0.1:8080/in', signingSecrets: ['x'.repeat(16), 'y'.repeat(40)] })).toEqual([]);
    expect(adapter.secretConfigFields).toEqual(['signingSecrets']);
  });

  it.each([
    [{ signingSecrets: ['x'.repeat(16)] }, 'adapterConfig.outboundUrl'],
    [{ outboundUrl: 'ftp://platform.example', signingSecrets: ['x'.repeat(16)] }, 'adapterConfig.outboundUrl'],
    [{ outboundUrl: 'not a url', signingSecrets: ['x'.repeat(16)] }, 'adapterConfig.outboundUrl'],
    [{ outboundUrl: 'https://p.example' }, 'adapterConfig.signingSecrets'],
    [{ outboundUrl: 'https://p.example', signingSecrets: [] }, 'adapterConfig.signingSecrets'],
    [{ outboundUrl: 'https://p.example', signingSecrets: ['a'.repeat(16), 'b'.repeat(16), 'c'.repeat(16)] }, 'adapterConfig.signingSecrets'],
    [{ outboundUrl: 'https://p.example', signingSecrets: 'x'.repeat(16) }, 'adapterConfig.signingSecrets'],
    [{ outboundUrl: 'https://p.example', signingSecrets: ['x'.repeat(16), 'short'] }, 'adapterConfig.signingSecrets[1]'],
    [{ outboundUrl: 'https://p.example', signingSecrets: ['x'.repeat(16)], extra: 1 }, 'adapterConfig.extra'],
  ])('rejects %j naming %s', (config, field) => {
    expect(adapter.validateConfig(config as Record<string, unknown>)).toEqual([{ field, message: expect.any(String) }]);
  });

  it.each(['http://169.254.169.254/latest/meta-data', 'https://127.0.0.1:8443/', 'https://[::ffff:192.168.1.1]/', 'http://8.8.8.8/'])(
    'refuses %s outside the egress allowance (10.0.0.0/8), naming the field',
    (outboundUrl) => {
      expect(adapter.validateConfig({ outboundUrl, signingSecrets: ['x'.repeat(16)] })).toEqual([
        { field: 'adapterConfig.outboundUrl', message: expect.stringMatching(/EGRESS_ALLOW_PRIVATE_NETWORKS/) },
      ]);
    },
  );
});
