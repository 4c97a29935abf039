import { EmulatorClock } from '../clock';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { Conversations } from './conversations';
import { InboundService } from './inbound.service';
import { DfoLookups } from './lookups';

const BRAND = 1000;

/** Time stands still: every timestamp the emulator stamps is this one. */
class StoppedClock extends EmulatorClock {
  constructor(private readonly at = new Date('2026-01-01T10:00:00.000Z')) {
    super();
  }
  now(): Date {
    return new Date(this.at.getTime());
  }
}

function setup() {
  const clock = new StoppedClock();
  const store = new EmulatorStore();
  const conversations = new Conversations(store, clock);
  const inbound = new InboundService(store, new DfoLookups(store), conversations, clock);
  store.putChannel({
    id: 'chat_1', brandId: BRAND, idOnExternalPlatform: 'chat_1', channelIntegrationId: 'int-1', realExternalPlatformId: 'custom', name: 'WH',
    isPrivate: true, hasTreeStructure: false, flags: {}, isDeleted: false, createdAt: clock.now().toISOString(), updatedAt: clock.now().toISOString(),
  });
  let n = 0;
  const send = (overrides: Record<string, unknown> = {}) =>
    inbound.createMessage(BRAND, 'chat_1', {
      idOnExternalPlatform: `m-${++n}`,
      thread: { idOnExternalPlatform: 'wh-42' },
      direction: 'inbound',
      createdAtWithMilliseconds: '2026-01-01T09:59:59.123Z',
      messageContent: { type: 'TEXT', payload: { text: `hello ${n}` } },
      authorEndUserIdentity: { idOnExternalPlatform: 'simba', firstName: 'Simba', lastName: 'Lion' },
      ...overrides,
    }) as { consumerContact: { id: string; status: string }; message: { id: string } };
  return { store, conversations, send, clock };
}

const errorOf = (fn: () => unknown): DfoApiError => {
  try {
    fn();
  } catch (err) {
    return err as DfoApiError;
  }
  throw new Error('expected an error');
};

describe('InboundService (create message)', () => {
  it('creates the customer, thread and a new case, and keeps later messages in that case', () => {
    const { store, send } = setup();
    const first = send();
    const second = send();
    expect(first.consumerContact.status).toBe('new');
    expect(second.consumerContact.id).toBe(first.consumerContact.id);
    const c = store.case(first.consumerContact.id)!;
    expect(c.endUser).toEqual({ idOnExternalPlatform: 'simba', name: 'Simba Lion', isPrimary: true, isPrivate: true });
    expect(store.messagesOfCase(c.id).map((m) => m.idOnExternalPlatform)).toEqual(['m-1', 'm-2']);
    expect(store.customerOnChannel('chat_1', 'simba')?.firstName).toBe('Simba');
  });

  it('opens a new case (a new contact number) after the case was closed or trashed', () => {
    const { store, conversations, send } = setup();
    const first = send().consumerContact.id;
    conversations.setStatus(store.case(first)!, 'closed', 'agent');
    const second = send().consumerContact.id;
    expect(second).not.toBe(first);
    conversations.setStatus(store.case(second)!, 'trashed', 'api');
    expect(send().consumerContact.id).not.toBe(second);
  });

  it('reopens a resolved case', () => {
    const { store, conversations, send } = setup();
    const id = send().consumerContact.id;
    conversations.setStatus(store.case(id)!, 'resolved', 'agent');
    const again = send();
    expect(again.consumerContact).toMatchObject({ id, status: 'open' });
    expect(store.case(id)!.statusHistory.map((h) => `${h.status}/${h.by}`)).toEqual(['new/inbound', 'resolved/agent', 'open/inbound']);
  });

  it('refuses messages on a locked thread with a DFO error naming the thread', () => {
    const { store, send } = setup();
    send();
    const thread = store.threadOnChannel('chat_1', 'wh-42')!;
    thread.canAddMoreMessages = false;
    const error = errorOf(() => send());
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([expect.objectContaining({ field: 'thread.idOnExternalPlatform', errorCode: 'THREAD_LOCKED' })]);
    expect(store.messagesOfCase(thread.currentCaseId!)).toHaveLength(1);
  });

  it('answers a repeated message like the first time and counts it, without storing a copy', () => {
    const { store, send } = setup();
    const first = send({ idOnExternalPlatform: 'dup' });
    const again = send({ idOnExternalPlatform: 'dup' });
    expect(again.message.id).toBe(first.message.id);
    const message = store.messageOnChannel('chat_1', 'inbound', 'dup')!;
    expect(message.receivedCount).toBe(2);
    expect(store.messagesOfCase(message.caseId)).toHaveLength(1);
  });

  it('refuses custom fields that are not defined, and values that do not fit', () => {
    const { store, send } = setup();
    expect(errorOf(() => send({ contact: { customFields: [{ ident: 'orderId', value: 'A-17' }] } })).errors[0]).toMatchObject({ field: 'contact.customFields[0].ident' });
    store.putCustomerFieldDefinition(BRAND, { ident: 'mail', label: 'Mail', type: 'email', isRequired: false, isEditable: true, values: [] });
    const identity = { idOnExternalPlatform: 'simba', customFields: [{ ident: 'mail', value: 'not-an-email' }] };
    expect(errorOf(() => send({ authorEndUserIdentity: identity })).errors[0]).toMatchObject({ field: 'authorEndUserIdentity.customFields[0].value' });
    expect(store.cases()).toHaveLength(0);
  });

  it('404s a channel of another brand and validates only after finding the channel', () => {
    const { store } = setup();
    const inbound = new InboundService(store, new DfoLookups(store), new Conversations(store, new StoppedClock()), new StoppedClock());
    expect(errorOf(() => inbound.createMessage(2000, 'chat_1', {})).status).toBe(404);
    expect(errorOf(() => inbound.createMessage(BRAND, 'chat_1', {})).status).toBe(400);
  });
});
