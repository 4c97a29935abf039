import { EmulatorStore } from './emulator.store';
import { EmuCase, EmuMessage, EmuThread } from './emulator.types';

const at = '2026-01-01T00:00:00.000Z';
const thread = (id: string, ext: string): EmuThread => ({
  id, brandId: 1000, channelId: 'c1', idOnExternalPlatform: ext, threadName: '', canAddMoreMessages: true, customerTyping: null, currentCaseId: null, createdAt: at, updatedAt: at,
});
const message = (id: string, caseId: string, ext: string | null): EmuMessage => ({
  id, brandId: 1000, caseId, threadId: 't1', channelId: 'c1', direction: 'outbound', origin: 'agent', idOnExternalPlatform: ext,
  messageContent: { type: 'TEXT', payload: { text: 'hi' } }, attachments: [], authorEndUserIdentity: null, authorUser: null, recipients: [],
  replyToMessage: null, title: null, createdAtWithMilliseconds: at, createdAt: at, receivedCount: 1, deliveryStatuses: [], agentDelivery: null,
});

describe('EmulatorStore', () => {
  it('issues 16-digit case numbers that increase even within one millisecond', () => {
    const store = new EmulatorStore();
    const now = new Date('2025-06-13T07:11:52.389Z');
    const numbers = [store.nextCaseNumber(now), store.nextCaseNumber(now), store.nextCaseNumber(new Date(now.getTime() - 5000))];
    expect(numbers).toEqual(['1749798712389000', '1749798712389001', '1749798712389002']);
    expect(store.nextCaseNumber(new Date(now.getTime() + 1))).toBe('1749798712390000');
  });

  it('finds threads by channel and external id, and messages once their external id is known', () => {
    const store = new EmulatorStore();
    store.putThread(thread('t1', 'wh-42'));
    expect(store.threadOnChannel('c1', 'wh-42')?.id).toBe('t1');
    expect(store.threadOnChannel('c2', 'wh-42')).toBeUndefined();

    const m = message('m1', '1', null);
    store.putMessage(m);
    expect(store.messageOnChannel('c1', 'outbound', 'ext-1')).toBeUndefined();
    m.idOnExternalPlatform = 'ext-1';
    store.putMessage(m);
    expect(store.messageOnChannel('c1', 'outbound', 'ext-1')?.id).toBe('m1');
    expect(store.messageOnChannel('c1', 'inbound', 'ext-1')).toBeUndefined();
    expect(store.messagesOfCase('1').map((x) => x.id)).toEqual(['m1']);
  });

  it('round-trips through a snapshot, and a conversations reset keeps registrations', () => {
    const store = new EmulatorStore();
    store.putBrand({ id: 7, friendlyName: 'The Jungle', tenantId: 't', businessUnitId: 1, timezone: 'UTC', accessKeys: [{ keyId: 'k', secret: 's' }] });
    store.putThread(thread('t1', 'wh-42'));
    const c = { id: store.nextCaseNumber(new Date()), threadId: 't1', status: 'new' } as EmuCase;
    store.putCase(c);
    store.putMessage(message('m1', c.id, 'ext-1'));

    const copy = new EmulatorStore();
    copy.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(copy.brand(7)?.friendlyName).toBe('The Jungle');
    expect(copy.brand(1000)).toBeDefined();
    expect(copy.case(c.id)?.status).toBe('new');
    expect(copy.messageOnChannel('c1', 'outbound', 'ext-1')?.id).toBe('m1');
    expect(BigInt(copy.nextCaseNumber(new Date(0)))).toBe(BigInt(c.id) + 1n);

    copy.resetConversations();
    expect(copy.case(c.id)).toBeUndefined();
    expect(copy.threadOnChannel('c1', 'wh-42')).toBeUndefined();
    expect(copy.brand(7)).toBeDefined();
  });

  it('bumps its version and tells listeners on every change', () => {
    const store = new EmulatorStore();
    const seen: number[] = [];
    store.onChange(() => seen.push(store.version));
    const before = store.version;
    store.putThread(thread('t1', 'x'));
    expect(store.version).toBe(before + 1);
    expect(seen).toEqual([before + 1]);
  });
});
