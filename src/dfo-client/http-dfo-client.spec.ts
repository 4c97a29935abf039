import { brandCredentials, buildDfoClient, DfoClientHarness } from '../../test/support/dfo-client-harness';
import { FakeDfoServer, FakeRequest } from '../../test/support/fake-dfo-server';
import { DfoBrandCredentials } from './dfo-credentials';
import { DfoNewMessage } from './dfo.types';

const API = '/dfo/3.0';

const message: DfoNewMessage = {
  idOnExternalPlatform: 'wh-msg-0001',
  thread: { idOnExternalPlatform: 'wh-thread-42', threadName: "Simba's chat" },
  direction: 'inbound',
  createdAtWithMilliseconds: '2025-07-25T20:05:57.123Z',
  messageContent: { type: 'TEXT', payload: { text: 'Hello, my order is late' } },
  authorEndUserIdentity: { idOnExternalPlatform: 'user-123', firstName: 'Simba' },
};

describe('HttpDfoClient requests', () => {
  let dfo: FakeDfoServer;
  let h: DfoClientHarness;
  let brand: DfoBrandCredentials;

  beforeEach(async () => {
    dfo = await new FakeDfoServer().start();
    h = buildDfoClient();
    brand = brandCredentials(dfo.origin);
  });
  afterEach(async () => {
    await h.close();
    await dfo.stop();
  });

  /** The one API request the call made (token requests aside), with its bearer token checked. */
  function lastApiRequest(): FakeRequest {
    const api = dfo.requests.filter((r) => r.path.startsWith(API));
    expect(api).toHaveLength(1);
    expect(api[0].headers.authorization).toBe('Bearer tok-1');
    expect(api[0].headers.accept).toBe('application/json');
    return api[0];
  }

  function expectJsonBody(req: FakeRequest, body: unknown): void {
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual(body);
  }

  it('fetches an access-key token form-encoded from POST /auth/token', async () => {
    dfo.route(`GET ${API}/channels`, { body: [] });
    await h.client.listChannels(brand);
    const [token] = dfo.tokenRequests;
    expect(token.path).toBe('/auth/token');
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({ grant_type: 'password', username: 'key-id-1', password: 'key-secret-1' });
  });

  it('fetches a legacy token with JSON client credentials from POST /engager/2.0/token', async () => {
    const legacy = brandCredentials(dfo.origin, { authKind: 'client_credentials', authUrl: `${dfo.origin}/engager/2.0/token` });
    dfo.route(`GET ${API}/channels`, { body: [] });
    await h.client.listChannels(legacy);
    const [token] = dfo.tokenRequests;
    expect(token.path).toBe('/engager/2.0/token');
    expectJsonBody(token, { grant_type: 'client_credentials', client_id: 'key-id-1', client_secret: 'key-secret-1' });
    expect(lastApiRequest().headers.authorization).toBe('Bearer tok-1');
  });

  it('b.2 createMessage posts the NewMessage and reads the case number', async () => {
    dfo.route(`POST ${API}/channels/chat_abc/messages`, { body: { consumerContact: { id: 1749798712389111, status: 'new' }, message: { id: 'm-1', idOnExternalPlatform: 'wh-msg-0001' } } });
    const res = await h.client.createMessage(brand, 'chat_abc', message);
    expect(res.consumerContact).toEqual({ id: '1749798712389111', status: 'new' });
    expect(res.message?.id).toBe('m-1');
    const req = lastApiRequest();
    expect(req.method).toBe('POST');
    expectJsonBody(req, message);
  });

  it('b.8 findMessages asks by external ids and channel, with bracketed list parameters', async () => {
    dfo.route(`GET ${API}/messages`, { body: { hits: 1, data: [{ id: 'dfo-1', idOnExternalPlatform: 'wh-msg-0001', contactNumber: 1749798712389111, channel: { id: 'chat_abc' } }] } });
    const found = await h.client.findMessages(brand, { idOnExternalPlatform: ['wh-msg-0001', 'wh-msg-0002'], channel: ['chat_abc'], direction: 'inbound' });
    expect(found).toEqual({ hits: 1, data: [{ id: 'dfo-1', idOnExternalPlatform: 'wh-msg-0001', contactNumber: '1749798712389111', channel: { id: 'chat_abc' } }] });
    const req = lastApiRequest();
    expect(req.query.getAll('idOnExternalPlatform[]')).toEqual(['wh-msg-0001', 'wh-msg-0002']);
    expect(req.query.getAll('channel[]')).toEqual(['chat_abc']);
    expect(req.query.get('direction')).toBe('inbound');
  });

  it('b.3 setMessageStatus puts the status, encoding ids in the path', async () => {
    dfo.route(`PUT ${API}/channels/chat_abc/messages/msg%2F1/status`, { status: 204 });
    await h.client.setMessageStatus(brand, 'chat_abc', 'msg/1', { status: 'seen', updatedAt: '2025-07-25T20:07:00.000Z' });
    expectJsonBody(lastApiRequest(), { status: 'seen', updatedAt: '2025-07-25T20:07:00.000Z' });
  });

  it('b.4 sendOutbound posts the outbound message', async () => {
    const outbound = { thread: { idOnExternalPlatform: 't-1' }, messageContent: { type: 'TEXT' as const, payload: { text: 'hi' } }, recipients: [{ idOnExternalPlatform: 'user-1', isPrimary: true }] };
    dfo.route(`POST ${API}/channels/chat_abc/outbound`, { body: { message: { id: 'm-2' } } });
    expect(await h.client.sendOutbound(brand, 'chat_abc', outbound)).toEqual({ message: { id: 'm-2' } });
    expectJsonBody(lastApiRequest(), outbound);
  });

  it('b.5 sendSenderAction and updateThread', async () => {
    dfo.route(`POST ${API}/channels/chat_abc/threads/t-1/sender-actions`, { status: 204 });
    await h.client.sendSenderAction(brand, 'chat_abc', 't-1', 'isTypingOn');
    expectJsonBody(lastApiRequest(), { action: 'isTypingOn' });
    dfo.requests.length = 0;
    dfo.route(`PUT ${API}/channels/chat_abc/threads/t-1`, { status: 200, body: '' });
    await h.client.updateThread(brand, 'chat_abc', 't-1', { canAddMoreMessages: false });
    const req = lastApiRequest();
    expect(req.method).toBe('PUT');
    expectJsonBody(req, { canAddMoreMessages: false });
  });

  it('b.6 getContact, listContacts and setContactStatus', async () => {
    dfo.route(`GET ${API}/contacts/1749798712389111`, { body: { id: '1749798712389111', status: 'open', threadIdOnExternalPlatform: 't-1' } });
    expect(await h.client.getContact(brand, '1749798712389111')).toEqual({ id: '1749798712389111', status: 'open', threadIdOnExternalPlatform: 't-1' });
    expect(lastApiRequest().method).toBe('GET');

    dfo.requests.length = 0;
    dfo.route(`GET ${API}/contacts`, { body: { hits: 1, data: [{ id: 7, status: 'closed' }], scrollToken: 'next' } });
    const list = await h.client.listContacts(brand, { channel: ['chat_abc'], status: ['open', 'new'], endUserIdOnExternalPlatform: ['user-1'], scrollToken: 's1' });
    expect(list).toEqual({ hits: 1, data: [{ id: '7', status: 'closed' }], scrollToken: 'next' });
    const query = lastApiRequest().query;
    expect(query.getAll('channel[]')).toEqual(['chat_abc']);
    expect(query.getAll('status[]')).toEqual(['open', 'new']);
    expect(query.getAll('endUserIdOnExternalPlatform[]')).toEqual(['user-1']);
    expect(query.get('scrollToken')).toBe('s1');

    dfo.requests.length = 0;
    dfo.route(`PUT ${API}/contacts/1749798712389111/status`, { status: 204 });
    await h.client.setContactStatus(brand, '1749798712389111', 'closed');
    expectJsonBody(lastApiRequest(), { status: 'closed' });
  });

  it('b.1 listChannels reads the bare array; createChannel and deleteChannel accept empty answers', async () => {
    dfo.route(`GET ${API}/channels`, { body: [{ id: 'chat_1', channelIntegrationId: 'int-1', name: 'Watering Hole' }] });
    expect(await h.client.listChannels(brand)).toEqual([{ id: 'chat_1', channelIntegrationId: 'int-1', name: 'Watering Hole' }]);

    dfo.requests.length = 0;
    const channel = { id: 'c-1', idOnExternalPlatform: 'c-1', channelIntegrationId: 'int-1', realExternalPlatformId: 'custom', name: 'WH', isPrivate: true, hasTreeStructure: false };
    dfo.route(`POST ${API}/channels`, { status: 201 });
    await h.client.createChannel(brand, channel);
    expectJsonBody(lastApiRequest(), channel);

    dfo.requests.length = 0;
    dfo.route(`DELETE ${API}/channels/c-1`, { status: 204 });
    await h.client.deleteChannel(brand, 'c-1');
    const req = lastApiRequest();
    expect(req.method).toBe('DELETE');
    expect(req.body).toBe('');
    expect(req.headers['content-type']).toBeUndefined();
  });

  it('b.7 lists and upserts customer custom field definitions', async () => {
    const definition = { ident: 'orderId', label: 'Order', type: 'text' as const };
    dfo.route(`GET ${API}/customers/custom-field-definitions`, { body: [definition] });
    expect(await h.client.listCustomFieldDefinitions(brand)).toEqual([definition]);
    dfo.requests.length = 0;
    dfo.route(`PUT ${API}/customers/custom-field-definitions`, { status: 200, body: {} });
    await h.client.upsertCustomFieldDefinition(brand, definition);
    expectJsonBody(lastApiRequest(), definition);
  });

  it('b.8 uploads a temporary attachment', async () => {
    dfo.route(`POST ${API}/attachments/temporary`, { body: { id: 'a-1', url: 'https://files/a-1', expireAt: '2026-01-02T00:00:00Z' } });
    const file = { content: Buffer.from('hello').toString('base64'), mimeType: 'text/plain' };
    expect(await h.client.uploadTemporaryAttachment(brand, file)).toEqual({ id: 'a-1', url: 'https://files/a-1', expireAt: '2026-01-02T00:00:00Z' });
    expectJsonBody(lastApiRequest(), file);
  });

  it('a.5 verifies a one-time token without any Authorization header or token fetch', async () => {
    const verified = { brand: { id: 1234, friendlyName: 'The Jungle' }, user: { id: 5, firstName: 'Baloo' }, accessToken: 'cxone-jwt' };
    dfo.route(`POST ${API}/one-time-token/verification`, { body: verified });
    const request = { brandId: 1234, userId: 5, token: 'ott-1', purpose: 'channel-integration' as const };
    expect(await h.client.verifyOneTimeToken(dfo.apiBaseUrl, request)).toEqual(verified);
    expect(dfo.tokenRequests).toHaveLength(0);
    const [req] = dfo.requests;
    expect(req.headers.authorization).toBeUndefined();
    expectJsonBody(req, request);
  });

  it('uses an action-page access token as is, without a token fetch', async () => {
    dfo.route(`GET ${API}/channels`, { body: [] });
    await h.client.listChannels({ kind: 'access_token', apiBaseUrl: dfo.apiBaseUrl, accessToken: 'cxone-jwt' });
    expect(dfo.tokenRequests).toHaveLength(0);
    expect(dfo.requests[0].headers.authorization).toBe('Bearer cxone-jwt');
  });
});
