import { createHash, randomUUID } from 'node:crypto';
import { DfoError } from '../src/dfo-client/dfo.errors';
import { callsSince, ContractBrand, ContractWorld, inboundMessage, newContractBrand, newContractChannel, registerIntegration, startContractWorld } from './support/dfo-contract';
import { waitFor } from './support/wait';

/**
 * The app's real `HttpDfoClient` (from its DI container, with credentials built from a stored brand) over real HTTP
 * against the contract-faithful emulator: every operation, asserted on what the emulator recorded (its call log,
 * cases, messages, channels), not only on what the client returned. Failure modes are in dfo-contract-faults.
 */
describe('DFO contract: HttpDfoClient against the emulator', () => {
  let world: ContractWorld;
  let brand: ContractBrand;
  let channelId: string;

  beforeAll(async () => {
    world = await startContractWorld();
  });
  afterAll(() => world.close());

  beforeEach(async () => {
    brand = await newContractBrand(world);
    channelId = await newContractChannel(world, brand);
  });

  /** An inbound message on a new thread through the client; returns the thread and the case the emulator opened. */
  async function conversation(endUser = 'user-123') {
    const threadId = `wh-thread-${randomUUID()}`;
    const sent = inboundMessage(threadId, { authorEndUserIdentity: { idOnExternalPlatform: endUser, firstName: 'Simba' } });
    const response = await world.client.createMessage(brand.credentials, channelId, sent);
    return { threadId, sent, caseId: response.consumerContact!.id };
  }

  it('gets an access-key token from /auth/token, then creates a message: a case is opened and its contact number returned', async () => {
    const fresh = await newContractBrand(world);
    const marker = await world.dfo.lastCallId();
    const freshChannel = await newContractChannel(world, fresh);
    const threadId = `wh-thread-${randomUUID()}`;
    const sent = inboundMessage(threadId);
    const response = await world.client.createMessage(fresh.credentials, freshChannel, sent);

    const [token, ...rest] = await callsSince(world.dfo, marker);
    expect(token).toMatchObject({ method: 'POST', path: '/auth/token', status: 200, authorization: 'none' });
    expect(token!.requestBody).toEqual({ grant_type: 'password', username: fresh.credentials.keyId, password: expect.stringMatching(/^\[redacted/) });
    expect(rest.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /dfo/3.0/channels 204', `POST /dfo/3.0/channels/${freshChannel}/messages 200`]);
    expect(rest[1]!.authorization).toMatch(/^Bearer #[0-9a-f]{8}$/);
    expect(rest[1]!.requestBody).toEqual(sent);

    const [stored] = await world.dfo.cases({ channelId: freshChannel });
    expect(response.consumerContact!.id).toBe(stored!.id);
    expect(stored).toMatchObject({ status: 'new', threadIdOnExternalPlatform: threadId, brandId: fresh.dfoBrandId });
    const { messages } = await world.dfo.caseDetail(stored!.id);
    expect(messages).toEqual([expect.objectContaining({ idOnExternalPlatform: sent.idOnExternalPlatform, direction: 'inbound', text: 'Hello, my order is late', receivedCount: 1 })]);
    expect(response.message).toMatchObject({ idOnExternalPlatform: sent.idOnExternalPlatform });
  });

  it('gets a client-credentials token from /engager/2.0/token (JSON) for a brand of that kind', async () => {
    const legacy = await newContractBrand(world, 'client_credentials');
    const marker = await world.dfo.lastCallId();
    await newContractChannel(world, legacy);
    const calls = await callsSince(world.dfo, marker);
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /engager/2.0/token 200', 'POST /dfo/3.0/channels 204']);
    expect(calls[0]!.requestBody).toEqual({ grant_type: 'client_credentials', client_id: legacy.credentials.keyId, client_secret: expect.stringMatching(/^\[redacted/) });
  });

  it('reports a delivery status for an agent message whose id the middleware returned', async () => {
    const { caseId } = await conversation();
    const agentMessage = await world.dfo.reply(caseId, 'Hi Simba, how can I help?');
    expect(agentMessage.idOnExternalPlatform).toMatch(/^fake-msg-/);
    const updatedAt = '2025-07-25T20:07:00.000Z';
    await world.client.setMessageStatus(brand.credentials, channelId, agentMessage.idOnExternalPlatform!, { status: 'seen', updatedAt });
    const { messages } = await world.dfo.caseDetail(caseId);
    const stored = messages.find((m) => m.id === agentMessage.id)!;
    expect(stored.deliveryStatuses).toEqual([expect.objectContaining({ status: 'seen', updatedAt, reason: null })]);
  });

  it('sends an API outbound message (b.4) on a thread: stored on its case and passed to the Integration Box', async () => {
    const { threadId, caseId } = await conversation();
    const response = await world.client.sendOutbound(brand.credentials, channelId, {
      thread: { idOnExternalPlatform: threadId },
      messageContent: { type: 'TEXT', payload: { text: 'Your order ships today' } },
      recipients: [{ idOnExternalPlatform: 'user-123', name: 'Simba Lion', isPrimary: true, isPrivate: true }],
    });
    expect(response.consumerContact!.id).toBe(caseId);
    const delivered = await waitFor(async () => {
      const { messages } = await world.dfo.caseDetail(caseId);
      const m = messages.find((x) => x.origin === 'api_outbound');
      return m?.agentDelivery?.state === 'sent' ? m : undefined;
    }, 'the outbound message delivered to the Integration Box');
    expect(delivered).toMatchObject({ direction: 'outbound', text: 'Your order ships today', idOnExternalPlatform: expect.stringMatching(/^fake-msg-/) });
    const boxCall = world.box.requests.find((r) => r.path === `/integration/box/2.0/channel/${channelId}/outbound`);
    expect(boxCall?.body).toMatchObject({ thread: { idOnExternalPlatform: threadId }, messageContent: { payload: { text: 'Your order ships today' } } });
  });

  it('sends the end user’s typing, then locks the thread, after which the emulator refuses a new message on it', async () => {
    const { threadId } = await conversation();
    await world.client.sendSenderAction(brand.credentials, channelId, threadId, 'isTypingOn');
    const [typing] = await world.dfo.threads({ channelId, idOnExternalPlatform: threadId });
    expect(typing!.customerTyping).toMatchObject({ on: true });

    await world.client.updateThread(brand.credentials, channelId, threadId, { canAddMoreMessages: false });
    const [locked] = await world.dfo.threads({ channelId, idOnExternalPlatform: threadId });
    expect(locked!.canAddMoreMessages).toBe(false);

    const refused = await world.client.createMessage(brand.credentials, channelId, inboundMessage(threadId)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DfoError);
    expect((refused as DfoError).kind).toBe('REJECTED');
    expect((refused as DfoError).extra.dfoErrors).toEqual([expect.objectContaining({ field: 'thread.idOnExternalPlatform', errorCode: 'THREAD_LOCKED' })]);
    expect((await world.dfo.caseDetail((await world.dfo.findCaseByThread(threadId, channelId))!.id)).messages).toHaveLength(1);
  });

  it('reads a contact, lists contacts with filters, and sets a contact’s status', async () => {
    const simba = await conversation('user-simba');
    const nala = await conversation('user-nala');
    const contact = await world.client.getContact(brand.credentials, simba.caseId);
    expect(contact).toMatchObject({ id: simba.caseId, status: 'new', channelId, threadIdOnExternalPlatform: simba.threadId });

    await world.client.setContactStatus(brand.credentials, nala.caseId, 'resolved');
    const [resolved] = await world.dfo.cases({ channelId, threadIdOnExternalPlatform: nala.threadId });
    expect(resolved).toMatchObject({ id: nala.caseId, status: 'resolved' });
    expect(resolved!.statusHistory.at(-1)).toMatchObject({ status: 'resolved', by: 'api' });

    const marker = await world.dfo.lastCallId();
    const byUser = await world.client.listContacts(brand.credentials, { channel: [channelId], endUserIdOnExternalPlatform: ['user-simba'] });
    expect(byUser.data.map((c) => c.id)).toEqual([simba.caseId]);
    const byStatus = await world.client.listContacts(brand.credentials, { channel: [channelId], status: ['resolved', 'closed'] });
    expect(byStatus).toMatchObject({ hits: 1, data: [{ id: nala.caseId, status: 'resolved' }] });
    const all = await world.client.listContacts(brand.credentials, { channel: [channelId] });
    expect(all.data.map((c) => c.id).sort()).toEqual([simba.caseId, nala.caseId].sort());

    const [first] = await callsSince(world.dfo, marker, { path: '/dfo/3.0/contacts' });
    expect(new URLSearchParams(first!.query).getAll('endUserIdOnExternalPlatform[]')).toEqual(['user-simba']);
    expect(new URLSearchParams(first!.query).getAll('channel[]')).toEqual([channelId]);
  });

  it('pages a contact list with DFO’s scroll token, and reads another brand’s contact as NOT_FOUND', async () => {
    const caseIds = new Set<string>();
    for (let i = 0; i < 27; i++) caseIds.add((await conversation(`user-${i}`)).caseId);
    const first = await world.client.listContacts(brand.credentials, { channel: [channelId] });
    expect(first).toMatchObject({ hits: 27, scrollToken: expect.any(String) });
    expect(first.data).toHaveLength(25);
    const second = await world.client.listContacts(brand.credentials, { channel: [channelId], scrollToken: first.scrollToken });
    expect(second.scrollToken).toBeUndefined();
    expect(new Set([...first.data, ...second.data].map((c) => c.id))).toEqual(caseIds);

    const other = await newContractBrand(world);
    const foreign = await world.client.getContact(other.credentials, first.data[0]!.id).catch((e: unknown) => e);
    expect(foreign).toMatchObject({ kind: 'NOT_FOUND', extra: { httpStatus: 404 } });
  });

  it('creates, lists and deletes channels with the integration’s channelIntegrationId', async () => {
    const channelIntegrationId = await registerIntegration(world, brand.dfoBrandId);
    const id = `chat_${randomUUID()}`;
    await world.client.createChannel(brand.credentials, { id, idOnExternalPlatform: id, channelIntegrationId, realExternalPlatformId: 'custom', name: 'Savanna', isPrivate: true, hasTreeStructure: false, hasReply: true });
    const stored = (await world.dfo.channels()).find((c) => c.id === id);
    expect(stored).toMatchObject({ brandId: brand.dfoBrandId, channelIntegrationId, name: 'Savanna', isDeleted: false, flags: { hasReply: true } });

    const listed = await world.client.listChannels(brand.credentials);
    expect(listed.map((c) => c.id).sort()).toEqual([channelId, id].sort());
    expect(listed.find((c) => c.id === id)).toMatchObject({ channelIntegrationId, name: 'Savanna' });

    await world.client.deleteChannel(brand.credentials, id);
    expect((await world.dfo.channels()).find((c) => c.id === id)?.isDeleted).toBe(true);
    expect((await world.client.listChannels(brand.credentials)).map((c) => c.id)).toEqual([channelId]);
  });

  it('upserts and lists customer custom field definitions', async () => {
    expect(await world.client.listCustomFieldDefinitions(brand.credentials)).toEqual([]);
    await world.client.upsertCustomFieldDefinition(brand.credentials, { ident: 'loyalty', label: 'Loyalty tier', type: 'list', values: ['gold', 'silver'] });
    await world.client.upsertCustomFieldDefinition(brand.credentials, { ident: 'loyalty', label: 'Loyalty level', type: 'list', values: ['gold', 'silver', 'bronze'] });
    const definitions = await world.client.listCustomFieldDefinitions(brand.credentials);
    expect(definitions).toEqual([expect.objectContaining({ ident: 'loyalty', label: 'Loyalty level', type: 'list', values: ['gold', 'silver', 'bronze'] })]);

    // The definition is live: a message may now carry the field, with a value it allows.
    const threadId = `wh-thread-${randomUUID()}`;
    const identity = { idOnExternalPlatform: 'user-gold', customFields: [{ ident: 'loyalty', value: 'gold' }] };
    await world.client.createMessage(brand.credentials, channelId, inboundMessage(threadId, { authorEndUserIdentity: identity }));
    const [customer] = await world.dfo.customers({ channelId, idOnExternalPlatform: 'user-gold' });
    expect(customer!.customFields).toEqual([expect.objectContaining({ ident: 'loyalty', value: 'gold' })]);
  });

  it('uploads a temporary attachment the emulator then serves', async () => {
    const content = Buffer.from('receipt #A-17: 3 bananas');
    const uploaded = await world.client.uploadTemporaryAttachment(brand.credentials, { content: content.toString('base64'), mimeType: 'text/plain' });
    expect(uploaded).toMatchObject({ id: expect.any(String), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/_emulator\/attachments\//), expireAt: expect.any(String) });
    const served = await fetch(uploaded.url!);
    expect(served.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(content);
  });

  it('verifies a one-time token without a bearer, and the access token it returns works once, for that brand', async () => {
    const { token } = await world.dfo.mintOneTimeToken(brand.dfoBrandId, 5150, 'channel-integration');
    const marker = await world.dfo.lastCallId();
    const request = { brandId: brand.dfoBrandId, userId: 5150, token, purpose: 'channel-integration' as const };
    const verified = await world.client.verifyOneTimeToken(world.emulator.dfoApiBaseUrl, request);
    expect(verified).toMatchObject({ brand: { id: brand.dfoBrandId }, user: { id: 5150 }, accessToken: expect.any(String) });

    const channels = await world.client.listChannels({ kind: 'access_token', apiBaseUrl: world.emulator.dfoApiBaseUrl, accessToken: verified.accessToken });
    expect(channels.map((c) => c.id)).toEqual([channelId]);
    const [verification, listing] = await callsSince(world.dfo, marker);
    expect(verification).toMatchObject({ path: '/dfo/3.0/one-time-token/verification', authorization: 'none', status: 200 });
    expect(verification!.requestBody).toEqual({ ...request, token: expect.stringMatching(/^\[redacted/) });
    expect(listing!.authorization).toBe(`Bearer #${createHash('sha256').update(verified.accessToken).digest('hex').slice(0, 8)}`);

    const reused = await world.client.verifyOneTimeToken(world.emulator.dfoApiBaseUrl, request).catch((e: unknown) => e);
    expect(reused).toMatchObject({ kind: 'REJECTED', extra: { dfoErrors: [expect.objectContaining({ field: 'token' })] } });
  });
});
