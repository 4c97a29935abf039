import { EmulatorClock } from '../clock';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { Conversations } from './conversations';
import { InboundService } from './inbound.service';
import { DfoLookups } from './lookups';
import { MessageSearch } from './message-search';

class StoppedClock extends EmulatorClock {
  now(): Date {
    return new Date('2026-01-01T10:00:00.000Z');
  }
}

describe('MessageSearch (b.8 GET /messages)', () => {
  const clock = new StoppedClock();
  const store = new EmulatorStore();
  const inbound = new InboundService(store, new DfoLookups(store), new Conversations(store, clock), clock);
  const search = new MessageSearch(store);
  const channel = (id: string, brandId: number) =>
    store.putChannel({
      id, brandId, idOnExternalPlatform: id, channelIntegrationId: 'int-1', realExternalPlatformId: 'custom', name: 'WH',
      isPrivate: true, hasTreeStructure: false, flags: {}, isDeleted: false, createdAt: clock.now().toISOString(), updatedAt: clock.now().toISOString(),
    });
  const send = (brandId: number, channelId: string, id: string) =>
    inbound.createMessage(brandId, channelId, {
      idOnExternalPlatform: id,
      thread: { idOnExternalPlatform: 'wh-42' },
      direction: 'inbound',
      createdAtWithMilliseconds: '2026-01-01T09:59:59.123Z',
      messageContent: { type: 'TEXT', payload: { text: `hello ${id}` } },
      authorEndUserIdentity: { idOnExternalPlatform: 'simba' },
    });

  beforeAll(() => {
    channel('chat_a', 1000);
    channel('chat_b', 1000);
    channel('chat_other_brand', 2000);
    send(1000, 'chat_a', 'm-1');
    send(1000, 'chat_a', 'm-2');
    send(1000, 'chat_b', 'm-1');
    send(2000, 'chat_other_brand', 'm-1');
  });

  it('finds messages by their external ids within the named channels, with the case number', () => {
    const found = search.search(1000, { 'idOnExternalPlatform[]': ['m-1', 'm-3'], 'channel[]': 'chat_a' });
    expect(found.hits).toBe(1);
    expect(found.data[0]).toMatchObject({ idOnExternalPlatform: 'm-1', direction: 'inbound', channel: { id: 'chat_a' }, threadIdOnExternalPlatform: 'wh-42', contactNumber: expect.stringMatching(/^\d{16}$/) });
  });

  it("searches only the caller's brand", () => {
    const found = search.search(1000, { 'idOnExternalPlatform[]': 'm-1' });
    expect(found.data.map((m) => (m.channel as { id: string }).id).sort()).toEqual(['chat_a', 'chat_b']);
    expect(search.search(3000, { 'idOnExternalPlatform[]': 'm-1' })).toEqual({ hits: 0, data: [] });
  });

  it('refuses a list filter without brackets, as DFO would silently ignore it', () => {
    let error: unknown;
    try {
      search.search(1000, { idOnExternalPlatform: 'm-1' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DfoApiError);
  });
});
