import { EmuBrand, EmuIntegration } from '../store/emulator.types';
import { judgeReply, replyRequest, ReplyContext, senderActionRequest } from './integration-box.payloads';
import { SANDBOX_AGENT } from './sandbox-agent';

const brand: EmuBrand = { id: 1234, friendlyName: 'The Jungle', tenantId: '11e8-t', businessUnitId: 4600123, timezone: 'UTC', accessKeys: [{ keyId: 'k', secret: 's' }] };
const integration = (replyApi: '2.0' | '1.0', includeAuthorUser = true): EmuIntegration => ({
  channelIntegrationId: 'int-1', name: 'WH', integrationBoxUrl: 'http://mw/integration/box', authorizationUrl: 'http://mw/integration/box/1.0/token',
  clientId: 'id', clientSecret: 'secret', replyApi, brandId: null, includeAuthorUser, clientCertificate: null, registeredAt: '2026-01-01T00:00:00.000Z',
});
const context = (i: EmuIntegration): ReplyContext => ({
  integration: i,
  brand,
  channelId: 'chat_1/x',
  thread: { idOnExternalPlatform: 'wh thread', threadName: '' },
  messageContent: { type: 'TEXT', payload: { text: 'Hi Simba, how can I help?' } },
  attachments: [],
  endUserRecipients: [{ idOnExternalPlatform: 'user-123', name: 'Simba Lion', isPrimary: true, isPrivate: true }],
  replyToMessage: { idOnExternalPlatform: 'wh-msg-0001' },
  agent: SANDBOX_AGENT,
});
const dfoBrand = { id: 1234, friendlyName: 'The Jungle', tenantId: '11e8-t', businessUnitId: 4600123, timezone: 'UTC' };

describe('Integration Box requests (a.2–a.4)', () => {
  it('2.0: POST /2.0/channel/{channelId}/outbound with the a.3 body', () => {
    expect(replyRequest(context(integration('2.0')))).toEqual({
      path: '/2.0/channel/chat_1%2Fx/outbound',
      body: {
        brand: dfoBrand,
        thread: { idOnExternalPlatform: 'wh thread', threadName: '' },
        messageContent: { type: 'TEXT', payload: { text: 'Hi Simba, how can I help?' }, fallbackText: null, postback: null },
        endUserRecipients: [{ idOnExternalPlatform: 'user-123', name: 'Simba Lion', isPrimary: true, isPrivate: true }],
        replyToMessage: { idOnExternalPlatform: 'wh-msg-0001' },
        isReplyToSpecificMessage: false,
        attachments: [],
        forward: null,
        authorUser: SANDBOX_AGENT,
      },
    });
    expect(replyRequest(context(integration('2.0', false))).body).not.toHaveProperty('authorUser');
  });

  it('1.0: POST /1.0/posts/{threadId}/messages', () => {
    const request = replyRequest(context(integration('1.0')));
    expect(request.path).toBe('/1.0/posts/wh%20thread/messages');
    expect(request.body).toMatchObject({ brand: dfoBrand, post: { idOnExternalPlatform: 'wh thread' }, thread: { idOnExternalPlatform: 'wh thread' }, author: SANDBOX_AGENT });
  });

  it('typing: POST /1.0/channel/{channelId}/thread/{threadId}/sender-action', () => {
    expect(senderActionRequest(brand, 'chat_1', 'wh-42', 'isTypingOn', SANDBOX_AGENT)).toEqual({
      path: '/1.0/channel/chat_1/thread/wh-42/sender-action',
      body: { brand: dfoBrand, senderAction: { action: 'isTypingOn' }, authorUser: SANDBOX_AGENT },
    });
  });
});

describe('judging the middleware answer', () => {
  const full = {
    message: { idOnExternalPlatform: 'msg-1', createdAtWithMilliseconds: '2025-07-25T20:06:40.123Z', url: 'https://x' },
    thread: { idOnExternalPlatform: 'wh-42' },
    endUserIdentities: [],
    recipients: [],
  };

  it('2.0 needs HTTP 200 and message.idOnExternalPlatform; the other blocks only warn', () => {
    expect(judgeReply('2.0', 200, full, 'wh-42')).toEqual({ idOnExternalPlatform: 'msg-1', error: null, warnings: [] });
    expect(judgeReply('2.0', 200, { message: { idOnExternalPlatform: 'msg-1' } }, 'wh-42').warnings).toEqual([
      'the answer lacks thread', 'the answer lacks endUserIdentities', 'the answer lacks recipients',
    ]);
    expect(judgeReply('2.0', 201, full, 'wh-42').error).toBe('expected HTTP 200, got 201');
    expect(judgeReply('2.0', 200, { idOnExternalPlatform: 'msg-1' }, 'wh-42').error).toBe('the answer lacks message.idOnExternalPlatform');
    expect(judgeReply('2.0', 200, 'ok', 'wh-42').error).toBe('the answer lacks message.idOnExternalPlatform');
  });

  it('1.0 needs {idOnExternalPlatform}', () => {
    expect(judgeReply('1.0', 200, { idOnExternalPlatform: 'p-1' }, 't').idOnExternalPlatform).toBe('p-1');
    expect(judgeReply('1.0', 200, { idOnExternalPlatform: '' }, 't').error).toBe('the answer lacks idOnExternalPlatform');
  });
});
