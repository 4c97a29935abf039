import { EndUserEntity } from '../../threads/end-user.entity';
import { ThreadEntity } from '../../threads/thread.entity';
import { MessageEntity } from '../../threads/message.entity';
import { textOf, toDfoNewMessage } from './dfo-message.mapper';

describe('toDfoNewMessage (b.2)', () => {
  const thread = Object.assign(new ThreadEntity(), { idOnExternalPlatform: 't-1', dfoThreadRef: 't-1~2' });
  const author = Object.assign(new EndUserEntity(), { idOnExternalPlatform: 'u-1', firstName: 'Simba', lastName: null, nickname: '@simba', imageUrl: null });
  const message = Object.assign(new MessageEntity(), {
    idOnExternalPlatform: 'm-1',
    content: { type: 'TEXT', payload: { text: 'Hello' } },
    attachments: [],
    platformCreatedAt: new Date('2026-01-02T03:04:05Z'),
    createdAt: new Date('2026-01-02T03:04:09.123Z'),
  });

  it('uses the DFO thread reference, the platform time with milliseconds and Z, and leaves absent names out', () => {
    expect(toDfoNewMessage(message, thread, author)).toEqual({
      idOnExternalPlatform: 'm-1',
      direction: 'inbound',
      createdAtWithMilliseconds: '2026-01-02T03:04:05.000Z',
      thread: { idOnExternalPlatform: 't-1~2' },
      messageContent: { type: 'TEXT', payload: { text: 'Hello' } },
      authorEndUserIdentity: { idOnExternalPlatform: 'u-1', firstName: 'Simba', nickname: '@simba' },
    });
  });

  it('falls back to our own time, and maps attachments to url and friendlyName', () => {
    const withFile = Object.assign(new MessageEntity(), { ...message, platformCreatedAt: null, attachments: [{ url: 'https://f.example/a.jpg', name: 'a.jpg' }] });
    expect(toDfoNewMessage(withFile, thread, author)).toMatchObject({
      createdAtWithMilliseconds: '2026-01-02T03:04:09.123Z',
      attachments: [{ url: 'https://f.example/a.jpg', friendlyName: 'a.jpg' }],
    });
  });
});

describe('textOf', () => {
  it('reads TEXT payloads, and the fallback text of richer types', () => {
    expect(textOf({ type: 'TEXT', payload: { text: 'hi' } })).toBe('hi');
    expect(textOf({ type: 'QUICK_REPLIES', payload: { text: { content: 'Pick' } }, fallbackText: 'Pick one' })).toBe('Pick one');
    expect(textOf({ type: 'PLUGIN', payload: {} })).toBe('');
  });
});
