import { DEFAULT_CHANNEL_SETTINGS } from '../src/core/domain/channel-settings';
import { AdapterRegistry } from '../src/platform-adapters/adapter-registry';
import { AdapterChannel } from '../src/platform-adapters/platform-adapter';
import { PlatformAdapterError } from '../src/platform-adapters/platform-adapters.errors';
import { FakePlatform, signedWebhook } from './support/fake-platform';
import { startTestApp, TestApp } from './support/test-app';

const SECRET = 'watering-hole-secret-0123456789';

describe('platform adapters in the real app, against the fake platform', () => {
  let t: TestApp;
  let platform: FakePlatform;
  let registry: AdapterRegistry;
  let channel: AdapterChannel;

  beforeAll(async () => {
    t = await startTestApp({ PLATFORM_TIMEOUT_MS: '300' });
    registry = t.app.get(AdapterRegistry);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    platform = await FakePlatform.start({ secrets: SECRET });
    channel = {
      id: 'ch-e2e',
      brandId: 'b-e2e',
      dfoChannelId: 'dfo-e2e',
      config: { outboundUrl: platform.url, signingSecrets: [SECRET] },
      settings: DEFAULT_CHANNEL_SETTINGS,
    };
  });
  afterEach(() => platform.close());

  const message = {
    id: 'our-1',
    threadId: 't-1',
    recipient: { id: 'u-1' },
    text: 'Hello from the agent',
    attachments: [],
    agent: { name: 'Rafiki' },
    authorKind: 'agent' as const,
  };

  it('delivers a signed message that the platform verifies, and returns its id', async () => {
    const result = await registry.get('webhook').sendMessage(channel, message);
    const received = await platform.waitFor((r) => r.body.type === 'message');
    expect(result).toEqual({ platformMessageId: `p-${received.n}` });
    expect(received.signatureValid).toBe(true);
    expect(received.body).toEqual({ type: 'message', id: 'our-1', threadId: 't-1', recipient: { id: 'u-1' }, text: 'Hello from the agent', attachments: [], agent: { name: 'Rafiki' } });
  });

  it('reports a signature made with a secret the platform does not hold', async () => {
    platform.secrets = ['the-platform-rotated-0123456789'];
    await registry.get('webhook').sendTyping(channel, 't-1', true);
    expect((await platform.waitFor((r) => r.body.type === 'typing')).signatureValid).toBe(false);
  });

  it('fails the next N requests as told, then answers normally again', async () => {
    platform.fail(503, { times: 2, retryAfter: '3' });
    const adapter = registry.get('webhook');
    for (let i = 0; i < 2; i++) {
      await expect(adapter.sendMessage(channel, message)).rejects.toMatchObject({ kind: 'RETRYABLE', retryAfterMs: 3000 });
    }
    await expect(adapter.sendMessage(channel, message)).resolves.toEqual({ platformMessageId: 'p-3' });
    platform.fail(403);
    await expect(adapter.sendMessage(channel, message)).rejects.toMatchObject({ kind: 'AUTH_FAILED' });
    await expect(adapter.sendMessage(channel, message)).rejects.toMatchObject({ kind: 'AUTH_FAILED' });
    platform.heal();
    await expect(adapter.sendMessage(channel, message)).resolves.toEqual({ platformMessageId: 'p-6' });
    expect(platform.requests).toHaveLength(6);
  });

  it('gives up on a slow platform after PLATFORM_TIMEOUT_MS', async () => {
    platform.respond({ status: 200, body: { id: 'too-late' }, delayMs: 3000 }, 1);
    const error = await registry.get('webhook').sendMessage(channel, message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformAdapterError);
    expect((error as PlatformAdapterError).kind).toBe('RETRYABLE');
  });

  it('parses what signedWebhook builds, and rejects it under another secret', async () => {
    const body = { events: [{ type: 'left', threadId: 't-1' }] };
    const signed = signedWebhook(SECRET, body);
    const request = { headers: signed.headers, rawBody: Buffer.from(signed.payload), body, receivedAt: new Date() };
    await expect(registry.get('webhook').parseInbound(channel, request)).resolves.toEqual([{ type: 'left', threadId: 't-1', at: request.receivedAt }]);
    const forged = signedWebhook('not-the-channel-secret-0123', body);
    await expect(registry.get('webhook').parseInbound(channel, { ...request, headers: forged.headers })).rejects.toMatchObject({ kind: 'AUTH_FAILED' });
  });

  it('answers ADAPTER.UNSUPPORTED for an unknown adapter name', () => {
    expect(() => registry.get('carrier-pigeon')).toThrow(/carrier-pigeon/);
  });
});
