import { DEFAULT_CHANNEL_SETTINGS } from '../../core/domain/channel-settings';
import { FixedClock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { TokenSigner } from '../../core/crypto/token-signer';
import { AdapterChannel, InboundRequest } from '../platform-adapter';
import { WebchatEventLog } from './events/webchat-event-log';
import { WebchatEventEntity } from './events/webchat-event.entity';
import { WebchatSessionTokens } from './webchat-session-tokens';
import { WebchatAdapter } from './webchat.adapter';

const channel: AdapterChannel = {
  id: 'chan-1',
  brandId: 'brand-1',
  dfoChannelId: 'dfo-chan',
  config: { allowedOrigins: [] },
  settings: { ...DEFAULT_CHANNEL_SETTINGS },
};

describe('WebchatAdapter', () => {
  const clock = new FixedClock(new Date('2026-02-03T04:05:06.789Z'));
  const tokens = new WebchatSessionTokens(new TokenSigner('a-signing-secret-that-is-long-enough-0123', () => clock.now()), { webchat: { sessionTtlSeconds: 600 } } as AppConfig);
  const record = jest.fn(async () => Object.assign(new WebchatEventEntity(), { id: '41' }));
  const adapter = new WebchatAdapter({ record } as unknown as WebchatEventLog, tokens, clock);
  const key = { channelId: 'chan-1', conversationId: 'conv-1' };

  beforeEach(() => record.mockClear());

  function request(body: unknown, token?: string): InboundRequest {
    return { headers: token ? { authorization: `Bearer ${token}` } : {}, rawBody: Buffer.from(''), body, receivedAt: clock.now() };
  }
  const session = { channelId: 'chan-1', endUserId: 'visitor-1', threadId: 'conv-1', profile: { firstName: 'Simba', lastName: 'Lion' } };

  it('records an agent message as a web chat event and returns the event id', async () => {
    const result = await adapter.sendMessage(channel, {
      id: 'msg-1', threadId: 'conv-1', recipient: { id: 'visitor-1' }, text: 'Hello Simba', attachments: [{ url: 'https://x.example/a.png', name: 'a.png' }],
      agent: { name: 'Nala' }, authorKind: 'agent',
    });
    expect(result).toEqual({ platformMessageId: '41' });
    expect(record).toHaveBeenCalledWith('brand-1', key, 'message', {
      id: 'msg-1', authorKind: 'agent', agentName: 'Nala', text: 'Hello Simba',
      attachments: [{ url: 'https://x.example/a.png', name: 'a.png' }], createdAt: '2026-02-03T04:05:06.789Z',
    });
  });

  it('records typing, the lifecycle and delivery states', async () => {
    await adapter.sendTyping(channel, 'conv-1', true);
    await adapter.sendLifecycle(channel, { type: 'conversation.idle_warning', threadId: 'conv-1', text: 'Still there?', closesAt: new Date('2026-02-03T04:05:26.789Z') });
    await adapter.sendLifecycle(channel, { type: 'conversation.resumed', threadId: 'conv-1' });
    await adapter.sendLifecycle(channel, { type: 'conversation.closed', threadId: 'conv-1', reason: 'agent', text: 'Bye' });
    await adapter.sendLifecycle({ ...channel, settings: { ...channel.settings, afterAgentClose: 'new_thread' } }, { type: 'conversation.closed', threadId: 'conv-1', reason: 'agent' });
    await adapter.sendLifecycle(channel, { type: 'conversation.closed', threadId: 'conv-1', reason: 'idle_timeout' });
    await adapter.sendDeliveryStatus(channel, { threadId: 'conv-1', messageId: 'visitor-1:c1', status: 'delivered' });
    expect(record.mock.calls).toEqual([
      ['brand-1', key, 'typing', { on: true }],
      ['brand-1', key, 'idle_warning', { text: 'Still there?', closesAt: '2026-02-03T04:05:26.789Z' }],
      ['brand-1', key, 'resumed', {}],
      ['brand-1', key, 'closed', { reason: 'agent', text: 'Bye', canStartNew: false }],
      ['brand-1', key, 'closed', { reason: 'agent', text: null, canStartNew: true }],
      ['brand-1', key, 'closed', { reason: 'idle_timeout', text: null, canStartNew: true }],
      ['brand-1', key, 'status', { messageId: 'visitor-1:c1', status: 'delivered' }],
    ]);
  });

  it('turns a session call into normalised events, the message id namespaced by the visitor', async () => {
    const { token } = tokens.sign(session);
    const message = await adapter.parseInbound(channel, request({ kind: 'message', clientMessageId: 'c1', text: 'Hi', attachments: [] }, token));
    expect(message).toEqual([{
      type: 'message', id: 'visitor-1:c1', threadId: 'conv-1', createdAt: clock.now(),
      author: { id: 'visitor-1', firstName: 'Simba', lastName: 'Lion', nickname: undefined }, text: 'Hi', attachments: [],
    }]);
    expect(await adapter.parseInbound(channel, request({ kind: 'typing', on: false }, token))).toEqual([{ type: 'typing', threadId: 'conv-1', authorId: 'visitor-1', on: false, at: clock.now() }]);
    expect(await adapter.parseInbound(channel, request({ kind: 'heartbeat' }, token))).toEqual([{ type: 'heartbeat', threadId: 'conv-1', authorId: 'visitor-1', at: clock.now() }]);
    expect(await adapter.parseInbound(channel, request({ kind: 'leave' }, token))).toEqual([{ type: 'left', threadId: 'conv-1', at: clock.now() }]);
  });

  it('refuses a call without a session of this channel, or that is not a web chat call', async () => {
    const { token } = tokens.sign({ ...session, channelId: 'chan-2' });
    await expect(adapter.parseInbound(channel, request({ kind: 'heartbeat' }))).rejects.toMatchObject({ code: 'ADAPTER.AUTH_FAILED' });
    await expect(adapter.parseInbound(channel, request({ kind: 'heartbeat' }, token))).rejects.toMatchObject({ code: 'ADAPTER.AUTH_FAILED' });
    const { token: good } = tokens.sign(session);
    await expect(adapter.parseInbound(channel, request({ kind: 'dance' }, good))).rejects.toMatchObject({ code: 'ADAPTER.INVALID_PAYLOAD' });
  });

  it('validates its config and has no secrets', () => {
    expect(adapter.secretConfigFields).toEqual([]);
    expect(adapter.validateConfig({ allowedOrigins: ['https://ok.example'] })).toEqual([]);
    expect(adapter.validateConfig({ allowedOrigins: ['nope'] })).toEqual([{ field: 'adapterConfig.allowedOrigins[0]', message: expect.any(String) }]);
  });
});
