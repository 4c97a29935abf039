import { DfoApiError } from '../http/dfo-api.error';
import { contactStatus, messageStatus, newChannel, newMessage, outboundMessage, senderAction } from './dfo.schemas';
import { parseQuery } from './query';
import { validate } from './schema';

const validMessage = () => ({
  idOnExternalPlatform: 'wh-msg-0001',
  thread: { idOnExternalPlatform: 'wh-thread-42', threadName: "Simba's chat" },
  direction: 'inbound',
  createdAtWithMilliseconds: '2025-07-25T20:05:57.123Z',
  messageContent: { type: 'TEXT', payload: { text: 'Hello, my order is late' } },
  authorEndUserIdentity: { idOnExternalPlatform: 'user-123', firstName: 'Simba', lastName: 'Lion', nickname: 'simba', image: 'https://cdn.example.com/simba.png' },
  recipients: [{ idOnExternalPlatform: 'jungle-support', name: 'The Jungle', isPrimary: true, isPrivate: true }],
  attachments: [{ url: 'https://files.example.com/receipt.jpg', friendlyName: 'receipt.jpg' }],
  contact: { customFields: [{ ident: 'orderId', value: 'A-17' }] },
});

const fields = (value: unknown, schema = newMessage) => validate(schema, value).map((p) => p.field);

describe('create-message validation (b.2)', () => {
  it('accepts the contract example (d.2)', () => {
    expect(validate(newMessage, validMessage())).toEqual([]);
  });

  it('names thread.idOnExternalPlatform when the thread is missing, as DFO does (d.8)', () => {
    const { thread: _thread, ...body } = validMessage();
    expect(validate(newMessage, body)).toEqual([{ field: 'thread.idOnExternalPlatform', message: 'This value should not be blank.', errorCode: 'IS_BLANK' }]);
    expect(fields({ ...validMessage(), thread: { idOnExternalPlatform: '  ' } })).toEqual(['thread.idOnExternalPlatform']);
  });

  it('refuses a direction outside the enum', () => {
    expect(validate(newMessage, { ...validMessage(), direction: 'incoming' })).toEqual([
      { field: 'direction', message: 'The value you selected is not a valid choice.', errorCode: 'INVALID_CHOICE' },
    ]);
  });

  it.each([
    ['2025-07-25T20:05:57Z', false],
    ['2025-07-25T20:05:57.12Z', false],
    ['2025-07-25T20:05:57.1234Z', false],
    ['2025-07-25T20:05:57.123', false],
    ['2025-02-30T20:05:57.123Z', false],
    ['2025-07-25T24:05:57.123Z', false],
    ['2025-07-25 20:05:57.123Z', false],
    [1753474000123, false],
    ['2025-07-25T20:05:57.123Z', true],
    ['2025-07-25T20:05:57.123+00:00', true],
    ['2025-07-25T22:05:57.123+02:00', true],
  ])('createdAtWithMilliseconds %p is accepted: %p', (value, ok) => {
    expect(fields({ ...validMessage(), createdAtWithMilliseconds: value })).toEqual(ok ? [] : ['createdAtWithMilliseconds']);
  });

  it('reports every problem at once, with paths into arrays', () => {
    const body = {
      ...validMessage(),
      idOnExternalPlatform: 7,
      recipients: [{ name: 'no id' }],
      attachments: [{ friendlyName: 'x', url: 'not a url' }],
      authorEndUserIdentity: { firstName: 'Simba' },
    };
    expect(fields(body)).toEqual(['idOnExternalPlatform', 'authorEndUserIdentity.idOnExternalPlatform', 'recipients[0].idOnExternalPlatform', 'attachments[0].url']);
  });

  it('refuses fields the contract does not know, at any depth', () => {
    expect(fields({ ...validMessage(), threadId: 'x' })).toEqual(['threadId']);
    expect(fields({ ...validMessage(), messageContent: { type: 'TEXT', payload: { text: 'hi', html: '<b>hi</b>' } } })).toEqual(['messageContent.payload.html']);
    expect(fields({ ...validMessage(), thread: { idOnExternalPlatform: 't', id: 'x' } })).toEqual(['thread.id']);
  });

  it('refuses null where the contract has no nullable field', () => {
    expect(fields({ ...validMessage(), authorEndUserIdentity: { idOnExternalPlatform: 'u', firstName: null } })).toEqual(['authorEndUserIdentity.firstName']);
  });

  it('checks content types and their payloads', () => {
    expect(fields({ ...validMessage(), messageContent: { type: 'FILE', payload: {} } })).toEqual(['messageContent.type']);
    expect(fields({ ...validMessage(), messageContent: { type: 'QUICK_REPLIES', payload: { text: { content: 'Pick' }, actions: [] } } })).toEqual(['messageContent.payload.actions']);
    const quickReplies = { type: 'QUICK_REPLIES', payload: { text: { content: 'Pick one' }, actions: [{ type: 'REPLY_BUTTON', text: 'Yes', postback: 'yes' }] } };
    expect(fields({ ...validMessage(), messageContent: quickReplies })).toEqual([]);
    expect(fields({ ...validMessage(), messageContent: { type: 'ADAPTIVE_CARD', payload: { type: 'AdaptiveCard', version: '1.3', body: [] } } })).toEqual([]);
  });

  it('allows an empty text only on a message with attachments', () => {
    const empty = { type: 'TEXT', payload: { text: '' } };
    expect(fields({ ...validMessage(), messageContent: empty })).toEqual([]);
    expect(fields({ ...validMessage(), messageContent: empty, attachments: [] })).toEqual(['messageContent.payload.text']);
  });

  it('names the required fields of a missing body', () => {
    expect(fields(undefined)).toEqual([
      'idOnExternalPlatform', 'direction', 'createdAtWithMilliseconds', 'thread.idOnExternalPlatform', 'messageContent.type',
      'messageContent.payload', 'authorEndUserIdentity.idOnExternalPlatform',
    ]);
    expect(fields('a string')).toEqual(['body']);
  });

  it('refuses absurdly nested bodies before walking them', () => {
    let elements: unknown[] = [];
    for (let i = 0; i < 10000; i++) elements = [{ id: `e${i}`, type: 'MENU', elements }];
    expect(fields({ ...validMessage(), messageContent: { type: 'PLUGIN', payload: { elements } } })).toEqual(['body']);
  });

  it('limits contact.status at creation to escalated, pending, resolved', () => {
    expect(fields({ ...validMessage(), contact: { status: 'closed' } })).toEqual(['contact.status']);
    expect(fields({ ...validMessage(), contact: { status: 'pending' } })).toEqual([]);
  });
});

describe('other DFO bodies', () => {
  it('channel: required fields and enums (b.1)', () => {
    const channel = { id: 'c1', idOnExternalPlatform: 'c1', channelIntegrationId: 'i1', realExternalPlatformId: 'custom', name: 'WH', isPrivate: true, hasTreeStructure: false };
    expect(fields(channel, newChannel)).toEqual([]);
    expect(fields({ ...channel, realExternalPlatformId: 'byoc', isPrivate: 'yes', hasReply: 1, id: 'a/b' }, newChannel)).toEqual(['id', 'realExternalPlatformId', 'isPrivate', 'hasReply']);
  });

  it('message status, sender action, contact status', () => {
    expect(fields({ status: 'seen', updatedAt: '2025-07-25T20:07:00.000Z' }, messageStatus)).toEqual([]);
    expect(fields({ status: 'read', updatedAt: 'yesterday' }, messageStatus)).toEqual(['status', 'updatedAt']);
    expect(fields({}, senderAction)).toEqual(['action']);
    expect(fields({ status: 'done' }, contactStatus)).toEqual(['status']);
  });

  it('outbound needs recipients (b.4)', () => {
    expect(fields({ messageContent: { type: 'TEXT', payload: { text: 'Hi' } }, recipients: [] }, outboundMessage)).toEqual(['recipients']);
  });
});

describe('query strings', () => {
  const spec = { status: { kind: 'list', values: ['new', 'open'] }, size: { kind: 'int', min: 1, max: 10 } } as const;

  it('parses PHP-style lists', () => {
    expect(parseQuery({ 'status[]': ['new', 'open'], size: '5' }, spec)).toEqual({ status: ['new', 'open'], size: 5 });
    expect(parseQuery({ 'status[]': 'new' }, spec)).toEqual({ status: ['new'] });
  });

  it('refuses a list sent without brackets, unknown parameters and bad values', () => {
    const failure = (q: unknown) => {
      try {
        parseQuery(q, spec);
      } catch (err) {
        return (err as DfoApiError).errors.map((e) => e.field);
      }
      return [];
    };
    expect(failure({ status: 'new' })).toEqual(['status']);
    expect(failure({ foo: '1' })).toEqual(['foo']);
    expect(failure({ 'status[]': 'gone', size: '11' })).toEqual(['status[]', 'size']);
  });
});
