import { randomUUID } from 'node:crypto';
import { bearer, Channel } from './support/admin-api';
import { messageEvent, MessagingWorld, WorldChannel } from './support/messaging-world';
import { changedCounts, rowCounts, RowCounts } from './support/row-counts';
import { createdBrandIds, createWebchatChannel, startSession, webchatCall } from './support/webchat';
import { deleteBrands } from './support/brand-cleanup';

const NUL = 'Sim\u0000ba';
const LONE = 'Sim\ud800ba';
const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** An agent reply as DFO sends it (a.3). */
const agentReply = (threadId: string, text: string, extra: Record<string, unknown> = {}) => ({
  thread: { idOnExternalPlatform: threadId },
  messageContent: { type: 'TEXT', payload: { text } },
  endUserRecipients: [{ idOnExternalPlatform: 'u-rafiki', name: 'Rafiki', isPrimary: true, isPrivate: true }],
  authorUser: { id: 42, firstName: 'Baloo', surname: 'Bear' },
  ...extra,
});

describe('hostile input: refused at the edge with a 400 naming the field, nothing stored (issue 15, finding 2)', () => {
  let w: MessagingWorld;
  let ch: WorldChannel;
  let chat: Channel;

  beforeAll(async () => {
    w = await MessagingWorld.start({ DATABASE_POOL_SIZE: '2', WEBCHAT_SESSIONS_PER_MINUTE: '10000', WEBCHAT_MESSAGES_PER_MINUTE: '10000' });
    ch = await w.channel();
    chat = await createWebchatChannel(w.t);
  });
  afterAll(async () => {
    await w.close();
    await deleteBrands(createdBrandIds);
  });

  /** Runs a request that must be refused; returns its body after checking that no table gained or lost a row. */
  async function refused(send: () => Promise<{ statusCode: number; body: string }>, status = 400): Promise<Record<string, unknown>> {
    const before: RowCounts = await rowCounts(w.db);
    const res = await send();
    expect({ status: res.statusCode, body: res.body }).toEqual({ status, body: expect.any(String) });
    expect(changedCounts(before, await rowCounts(w.db))).toEqual([]);
    return JSON.parse(res.body) as Record<string, unknown>;
  }

  const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    w.t.app.inject({ method, url, headers: { ...bearer(), ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}) }, ...(payload !== undefined ? { payload: payload as string } : {}) });

  it('refuses NUL and over-long path parameters before any lookup, even without credentials', async () => {
    for (const url of ['/webhooks/%00', '/webchat/%00/sessions']) {
      const body = await refused(() => w.t.app.inject({ method: 'POST', url, payload: {} }));
      expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION.FAILED', field: 'channelId' });
    }
    // The router itself refuses a lone surrogate in UTF-8 (invalid percent-encoding) and parameters over 100 characters.
    const badUrl = await refused(() => w.t.app.inject({ method: 'POST', url: '/webhooks/a%ED%A0%80', payload: {} }));
    expect(badUrl).toMatchObject({ code: 'REQUEST.MALFORMED', correlationId: expect.any(String) });
    const long = await refused(() => w.t.app.inject({ method: 'POST', url: `/webhooks/${'x'.repeat(4000)}`, payload: {} }), 414);
    expect(long).toMatchObject({ code: 'REQUEST.URI_TOO_LONG' });
    expect(JSON.stringify(long)).not.toContain('xxxx');
    // The demo page exists only in sandbox mode; either way it is no 500.
    const demo = await w.t.app.inject({ method: 'GET', url: '/webchat/demo/%00' });
    expect([400, 404]).toContain(demo.statusCode);
    const thread = await refused(() => admin('GET', '/api/v1/threads/%00'));
    expect(thread).toMatchObject({ code: 'VALIDATION.FAILED', field: 'id' });
  });

  it("answers the token endpoint's NUL client_id as OAuth's invalid_request, as JSON and as a form", async () => {
    const json = await refused(() =>
      w.t.app.inject({ method: 'POST', url: '/integration/box/1.0/token', payload: { grant_type: 'client_credentials', client_id: NUL, client_secret: 'x' } }),
    );
    expect(json).toEqual({ error: 'invalid_request' });
    const form = await refused(() =>
      w.t.app.inject({
        method: 'POST',
        url: '/integration/box/1.0/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials&client_id=a%00b&client_secret=x',
      }),
    );
    expect(form).toEqual({ error: 'invalid_request' });
  });

  describe('webhook events: every text field, signed correctly', () => {
    const fields: Array<[string, (value: string) => Record<string, unknown>]> = [
      ['events[0].id', (v) => ({ ...messageEvent(v, 't-1', 'hi') })],
      ['events[0].threadId', (v) => ({ ...messageEvent('m-1', v, 'hi') })],
      ['events[0].text', (v) => ({ ...messageEvent('m-1', 't-1', v) })],
      ['events[0].author.id', (v) => ({ ...messageEvent('m-1', 't-1', 'hi', { id: v }) })],
      ['events[0].author.firstName', (v) => ({ ...messageEvent('m-1', 't-1', 'hi', { id: 'u-1', firstName: v }) })],
      ['events[0].author.lastName', (v) => ({ ...messageEvent('m-1', 't-1', 'hi', { id: 'u-1', lastName: v }) })],
      ['events[0].author.nickname', (v) => ({ ...messageEvent('m-1', 't-1', 'hi', { id: 'u-1', nickname: v }) })],
      ['events[0].attachments[0].name', (v) => ({ ...messageEvent('m-1', 't-1', 'hi'), attachments: [{ url: 'https://x.example/a.png', name: v }] })],
      ['events[0].authorId', (v) => ({ type: 'typing', threadId: 't-1', authorId: v, on: true })],
      ['events[0].messageId', (v) => ({ type: 'read', messageId: v })],
    ];
    it.each(fields)('refuses NUL and a lone surrogate in %s', async (field, event) => {
      for (const value of [NUL, LONE]) {
        const body = await refused(() => w.webhook(ch, [event(value)]));
        expect(body).toMatchObject({ code: 'VALIDATION.FAILED', field });
      }
    });

    it('refuses a 4,000-character thread id, and still takes the next ordinary event', async () => {
      const body = await refused(() => w.webhook(ch, [messageEvent('m-1', 'x'.repeat(4000), 'hi')]));
      expect(body).toMatchObject({ field: 'events[0].threadId' });
      expect((await w.webhook(ch, [messageEvent(`m-${randomUUID()}`, 't-ok', 'hello')])).statusCode).toBe(202);
    });
  });

  describe('web chat', () => {
    it('refuses a session whose first name holds NUL: no visitor and no conversation is stored', async () => {
      for (const value of [NUL, LONE]) {
        const body = await refused(() => webchatCall(w.t, 'POST', chat, '/sessions', { payload: { endUser: { firstName: value } } }));
        expect(body).toMatchObject({ code: 'VALIDATION.FAILED', field: 'endUser.firstName' });
      }
    });

    it('refuses hostile message text, attachment names and client message ids; the session keeps working', async () => {
      const s = await startSession(w.t, chat, { firstName: 'Nala' });
      const cases: Array<[string, Record<string, unknown>]> = [
        ['text', { text: NUL }],
        ['text', { text: LONE }],
        ['clientMessageId', { text: 'hi', clientMessageId: NUL }],
        ['attachments[0].name', { text: 'hi', attachments: [{ url: 'https://x.example/a.png', name: LONE }] }],
      ];
      for (const [field, payload] of cases) {
        const body = await refused(() => webchatCall(w.t, 'POST', chat, '/messages', { token: s.sessionToken, payload }));
        expect(body).toMatchObject({ code: 'VALIDATION.FAILED', field });
      }
      const ok = await webchatCall(w.t, 'POST', chat, '/messages', { token: s.sessionToken, payload: { text: 'Hello after all that' } });
      expect(ok.statusCode).toBe(202);
    });
  });

  describe('Integration Box', () => {
    const box = (path: string, body: unknown) =>
      w.t.app.inject({ method: 'POST', url: `/integration/box/${path}`, headers: { authorization: `Bearer ${ch.token}`, 'content-type': 'application/json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) });

    it('refuses NUL and lone surrogates in the agent reply', async () => {
      const cases: Array<[string, unknown]> = [
        ['messageContent.payload.text', agentReply('t-box', NUL)],
        ['messageContent.payload.text', agentReply('t-box', LONE)],
        ['authorUser.firstName', agentReply('t-box', 'hi', { authorUser: { firstName: NUL } })],
        ['endUserRecipients[0].name', agentReply('t-box', 'hi', { endUserRecipients: [{ idOnExternalPlatform: 'u-1', name: LONE }] })],
      ];
      for (const [field, body] of cases) {
        expect(await refused(() => box(`2.0/channel/${ch.dfoChannelId}/outbound`, body))).toMatchObject({ code: 'VALIDATION.FAILED', field });
      }
    });

    it("refuses DFO's 4,000-character thread id, in the body and in the legacy path", async () => {
      const long = 'x'.repeat(4000);
      expect(await refused(() => box(`2.0/channel/${ch.dfoChannelId}/outbound`, agentReply(long, 'hi')))).toMatchObject({ field: 'thread.idOnExternalPlatform' });
      expect(await refused(() => box(`1.0/posts/${'x'.repeat(50)}%00/messages`, agentReply('t-1', 'hi')))).toMatchObject({ field: 'postId' });
      expect(await refused(() => box(`1.0/posts/${long}/messages`, agentReply('t-1', 'hi')), 414)).toMatchObject({ code: 'REQUEST.URI_TOO_LONG' });
    });

    it('refuses a 20,000-level messageContent, and the next ordinary calls on the same pool work', async () => {
      const body = `{"thread":{"idOnExternalPlatform":"t-deep"},"messageContent":${deepJson(20_000)}}`;
      const refusedBody = await refused(() => box(`2.0/channel/${ch.dfoChannelId}/outbound`, body));
      expect(refusedBody).toMatchObject({ code: 'VALIDATION.FAILED', message: expect.stringContaining('nest deeper than 32') });
      for (let i = 0; i < 4; i++) {
        const ok = await box(`2.0/channel/${ch.dfoChannelId}/outbound`, agentReply(`t-after-${i}`, 'Back to normal'));
        expect({ status: ok.statusCode, body: ok.body }).toEqual({ status: 200, body: expect.any(String) });
        expect((await admin('GET', `/api/v1/threads?brandId=${ch.brandId}`)).statusCode).toBe(200);
      }
    });
  });

  describe('admin DTOs and support filters', () => {
    it('refuses NUL and lone surrogates in admin bodies', async () => {
      const brand = await refused(() =>
        admin('POST', '/api/v1/brands', { name: NUL, tenantId: randomUUID(), dfoBrandId: 1, businessUnitId: 1, dfo: { apiBaseUrl: 'https://x.example/dfo/3.0', authKind: 'access_key', keyId: 'k', secret: 's' } }),
      );
      expect(brand).toMatchObject({ code: 'VALIDATION.FAILED', field: 'name' });
      const patch = await refused(() => admin('PATCH', `/api/v1/channels/${ch.channelId}`, JSON.stringify({ name: LONE })));
      expect(patch).toMatchObject({ field: 'name' });
      const key = await refused(() => admin('POST', '/api/v1/api-keys', { name: 'k', role: 'support', brandIds: [NUL] }));
      expect(key).toMatchObject({ field: 'brandIds[0]' });
    });

    it('refuses hostile support query filters', async () => {
      for (const [query, field] of [
        ['endUser=%00', 'endUser'],
        ['externalThreadId=a%00', 'externalThreadId'],
        [`dfoContactId=${'9'.repeat(300)}`, 'dfoContactId'],
      ]) {
        expect(await refused(() => admin('GET', `/api/v1/threads?${query}`))).toMatchObject({ code: 'VALIDATION.FAILED', field });
      }
    });
  });
});
