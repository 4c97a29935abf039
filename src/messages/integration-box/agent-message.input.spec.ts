import { ValidationFailedError } from '../../core/errors/core.errors';
import { readAgentReply, readLegacyReply } from './agent-message.input';

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationFailedError) return err.details.errors;
    throw err;
  }
  throw new Error('expected a validation error');
};

describe('readAgentReply (a.3 body)', () => {
  const body = {
    brand: { id: 1234, friendlyName: 'The Jungle', tenantId: 't', businessUnitId: 4600123, timezone: 'UTC' },
    thread: { idOnExternalPlatform: 'wh-thread-42', threadName: '' },
    messageContent: { type: 'TEXT', payload: { text: 'Hi Simba' }, fallbackText: null, postback: null },
    endUserRecipients: [{ idOnExternalPlatform: 'user-123', name: 'Simba Lion', isPrimary: true, isPrivate: true }],
    replyToMessage: { idOnExternalPlatform: 'wh-msg-0001' },
    isReplyToSpecificMessage: false,
    attachments: [{ url: 'https://files.example/invoice.pdf', friendlyName: 'invoice.pdf' }],
    forward: null,
    authorUser: { id: 42, firstName: 'Baloo', surname: 'Bear', emailAddress: 'baloo@example' },
    aFieldFromTheFuture: { whatever: true },
  };

  it('reads the reconstructed a.3 body and ignores fields it does not know', () => {
    expect(readAgentReply(body)).toEqual({
      threadRef: 'wh-thread-42',
      content: { type: 'TEXT', payload: { text: 'Hi Simba' }, fallbackText: null, postback: null },
      attachments: [{ url: 'https://files.example/invoice.pdf', name: 'invoice.pdf' }],
      recipients: [{ idOnExternalPlatform: 'user-123', name: 'Simba Lion', isPrimary: true, isPrivate: true }],
      agent: { id: 42, name: 'Baloo Bear' },
    });
  });

  it('refuses attachment URLs that are not http(s), such as javascript:', () => {
    for (const url of ['javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,hi', '/relative.pdf', 'ftp://files.example/a']) {
      expect(problemsOf(() => readAgentReply({ ...body, attachments: [{ url, friendlyName: 'x' }] }))).toEqual([
        { field: 'attachments[0].url', message: 'must be an absolute http or https URL' },
      ]);
    }
  });

  it('names every field it cannot do without', () => {
    expect(problemsOf(() => readAgentReply({ endUserRecipients: [{ name: 'x' }], attachments: [{}] }))).toEqual([
      { field: 'thread.idOnExternalPlatform', message: 'is required' },
      { field: 'messageContent', message: 'is required' },
      { field: 'attachments[0].url', message: 'is required' },
      { field: 'endUserRecipients[0].idOnExternalPlatform', message: 'is required' },
    ]);
    expect(problemsOf(() => readAgentReply('nope'))).toContainEqual({ field: 'body', message: 'must be a JSON object' });
    expect(problemsOf(() => readAgentReply({ ...body, messageContent: { type: 'TEXT', payload: { text: 7 } } }))).toEqual([
      { field: 'messageContent.payload.text', message: 'must be a string' },
    ]);
  });

  it('needs no agent and no recipients', () => {
    const { authorUser, endUserRecipients, ...bare } = body;
    expect(readAgentReply(bare)).toMatchObject({ agent: null, recipients: [] });
    expect(authorUser && endUserRecipients).toBeTruthy();
  });
});

describe('readLegacyReply (a.2 body, shape unknown)', () => {
  it('takes the thread from the path and accepts `recipients` and `author`', () => {
    const input = readLegacyReply('post-7', {
      post: { idOnExternalPlatform: 'post-7' },
      messageContent: { type: 'TEXT', payload: { text: 'Legacy' } },
      recipients: [{ idOnExternalPlatform: 'u-1' }],
      author: { firstName: 'Baloo' },
    });
    expect(input).toEqual({
      threadRef: 'post-7',
      content: { type: 'TEXT', payload: { text: 'Legacy' } },
      attachments: [],
      recipients: [{ idOnExternalPlatform: 'u-1', name: null, isPrimary: false, isPrivate: false }],
      agent: { name: 'Baloo' },
    });
  });
});
