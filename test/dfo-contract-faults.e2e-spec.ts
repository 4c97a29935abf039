import { randomUUID } from 'node:crypto';
import { DfoError } from '../src/dfo-client/dfo.errors';
import { DfoNewMessage } from '../src/dfo-client/dfo.types';
import { callsSince, ContractBrand, ContractWorld, inboundMessage, newContractBrand, newContractChannel, startContractWorld } from './support/dfo-contract';

/**
 * The app's real `HttpDfoClient` against the emulator when things go wrong: refusals of malformed messages, token
 * expiry in the middle of a burst, 429 with Retry-After, 503s, a 400 (production retry settings: 3 retries, 200 ms
 * base, 5 s cap). Every assertion is on the emulator's call log and store.
 */
describe('DFO contract: HttpDfoClient against the emulator, failure modes', () => {
  let world: ContractWorld;
  let brand: ContractBrand;
  let channelId: string;
  let messagesPath: string;

  beforeAll(async () => {
    world = await startContractWorld();
  });
  afterAll(() => world.close());

  beforeEach(async () => {
    brand = await newContractBrand(world);
    channelId = await newContractChannel(world, brand); // also caches the brand's token
    messagesPath = `/dfo/3.0/channels/${channelId}/messages`;
  });

  const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a DfoError'); }, (e: unknown) => e as DfoError);

  it('refuses malformed create-messages as REJECTED naming the field, asked once each, storing nothing', async () => {
    const threadId = `wh-thread-${randomUUID()}`;
    const { thread: _thread, ...withoutThread } = inboundMessage(threadId);
    const cases: Array<[string, unknown]> = [
      ['thread.idOnExternalPlatform', withoutThread],
      ['thread.idOnExternalPlatform', inboundMessage(threadId, { thread: {} as DfoNewMessage['thread'] })],
      ['direction', inboundMessage(threadId, { direction: 'incoming' as DfoNewMessage['direction'] })],
      ['createdAtWithMilliseconds', inboundMessage(threadId, { createdAtWithMilliseconds: '2025-07-25T20:05:57Z' })],
    ];
    for (const [field, body] of cases) {
      const marker = await world.dfo.lastCallId();
      const error = await refusal(world.client.createMessage(brand.credentials, channelId, body as DfoNewMessage));
      expect(error).toBeInstanceOf(DfoError);
      expect({ field, kind: error.kind, status: error.extra.httpStatus }).toEqual({ field, kind: 'REJECTED', status: 400 });
      expect(error.extra.dfoErrors?.map((e) => e.field)).toContain(field);
      expect(error.message).toContain(field);
      const calls = await callsSince(world.dfo, marker);
      expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([`POST ${messagesPath} 400`]);
    }
    expect(await world.dfo.cases({ channelId })).toEqual([]);
  });

  it('refreshes an expired token once for a whole burst of calls', async () => {
    const marker = await world.dfo.lastCallId();
    const total = 40;
    let started = 0;
    let finished = 0;
    const worker = async () => {
      while (started < total) {
        started += 1;
        await world.client.listChannels(brand.credentials);
        // The emulator expires every token of the brand while the other workers' calls are in flight.
        if (++finished === 10) await world.dfo.expireTokens(brand.dfoBrandId);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const calls = await callsSince(world.dfo, marker);
    const tokenCalls = calls.filter((c) => c.path === '/auth/token');
    expect(tokenCalls.map((c) => c.status)).toEqual([200]);
    const listings = calls.filter((c) => c.path === '/dfo/3.0/channels');
    const refused = listings.filter((c) => c.status === 401);
    expect(listings.filter((c) => c.status === 200)).toHaveLength(total);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(listings).toHaveLength(total + refused.length); // each refused call was retried once, and only once
    // Two tokens in all: the expired one (every 401 carried it) and the single fresh one.
    const oldToken = refused[0]!.authorization;
    expect(new Set(refused.map((c) => c.authorization))).toEqual(new Set([oldToken]));
    expect(new Set(listings.map((c) => c.authorization)).size).toBe(2);
  });

  it('honours Retry-After on a 429 before asking again', async () => {
    const fault = await world.dfo.injectFault({ method: 'POST', path: messagesPath, status: 429, retryAfter: '1', count: 1 });
    const marker = await world.dfo.lastCallId();
    const response = await world.client.createMessage(brand.credentials, channelId, inboundMessage(`wh-thread-${randomUUID()}`));
    expect(response.consumerContact?.id).toEqual(expect.any(String));

    const [limited, retried, ...more] = await callsSince(world.dfo, marker, { path: messagesPath });
    expect(more).toEqual([]);
    expect(limited).toMatchObject({ status: 429, faultId: fault.id });
    expect(retried).toMatchObject({ status: 200, faultId: null });
    const waitedMs = Date.parse(retried!.at) - Date.parse(limited!.at);
    expect(waitedMs).toBeGreaterThanOrEqual(900);
    expect(waitedMs).toBeLessThan(5000);
  });

  it('retries three 503s and stores the message once, on the fourth call', async () => {
    await world.dfo.injectFault({ method: 'POST', path: messagesPath, status: 503, count: 3 });
    const marker = await world.dfo.lastCallId();
    const threadId = `wh-thread-${randomUUID()}`;
    const sent = inboundMessage(threadId);
    const response = await world.client.createMessage(brand.credentials, channelId, sent);

    const calls = await callsSince(world.dfo, marker, { path: messagesPath });
    expect(calls.map((c) => c.status)).toEqual([503, 503, 503, 200]);
    const cases = await world.dfo.cases({ channelId });
    expect(cases.map((c) => c.id)).toEqual([response.consumerContact!.id]);
    const { messages } = await world.dfo.caseDetail(cases[0]!.id);
    expect(messages).toEqual([expect.objectContaining({ idOnExternalPlatform: sent.idOnExternalPlatform, receivedCount: 1 })]);
  });

  it('gives up after 503s beyond its retries as RETRYABLE, having stored nothing', async () => {
    await world.dfo.injectFault({ method: 'POST', path: messagesPath, status: 503, count: 10 });
    const marker = await world.dfo.lastCallId();
    const error = await refusal(world.client.createMessage(brand.credentials, channelId, inboundMessage(`wh-thread-${randomUUID()}`)));
    expect(error).toMatchObject({ kind: 'RETRYABLE', retryable: true, extra: { httpStatus: 503 } });
    expect(await callsSince(world.dfo, marker, { path: messagesPath })).toHaveLength(4);
    expect(await world.dfo.cases({ channelId })).toEqual([]);
    await world.dfo.clearFaults();
  });

  it('does not retry a 400: one call, REJECTED with DFO’s error, nothing stored', async () => {
    const body = { errors: [{ field: 'messageContent.payload.text', message: 'This value is too long.', errorCode: 'TOO_LONG' }], uid: 'u-1' };
    await world.dfo.injectFault({ method: 'POST', path: messagesPath, status: 400, body, count: 1 });
    const marker = await world.dfo.lastCallId();
    const error = await refusal(world.client.createMessage(brand.credentials, channelId, inboundMessage(`wh-thread-${randomUUID()}`)));
    expect(error).toMatchObject({ kind: 'REJECTED', retryable: false, extra: { httpStatus: 400, dfoErrors: [{ field: 'messageContent.payload.text', errorCode: 'TOO_LONG' }] } });
    expect((await callsSince(world.dfo, marker)).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([`POST ${messagesPath} 400`]);
    expect(await world.dfo.cases({ channelId })).toEqual([]);
  });
});
