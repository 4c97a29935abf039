import { DomainError } from '../../core/errors/domain-error';
import { parseActionRequest, parseBackUrl } from './action-request';

const query = (extra: Record<string, unknown> = {}) => ({ userId: '42', brandId: '1234', token: 'ott-1', backUrl: 'https://na1.nice-incontact.com/back?x=1', ...extra });

describe('backUrl validation', () => {
  it.each([
    'https://na1.nice-incontact.com/DFO/channels?tab=byoc',
    'http://127.0.0.1:4010/sandbox/agent',
  ])('accepts the absolute http(s) URL %s', (url) => {
    expect(parseBackUrl(url)).toBe(new URL(url).href);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(document.cookie)'],
    ['java\tscript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox'],
    ['//evil.example/phish'],
    ['/relative/path'],
    ['evil.example'],
    ['ftp://files.example/x'],
    ['https://user:pass@evil.example/'],
    [' https://cxone.example/'],
    ['https://cxone.example/\nSet-Cookie: x'],
    [''],
    [`https://cxone.example/${'a'.repeat(2100)}`],
  ])('refuses %j', (url) => {
    expect(parseBackUrl(url)).toBeNull();
  });

  it('returns the URL normalised, so what we redirect to is what we checked', () => {
    expect(parseBackUrl('HTTPS://CXone.Example/a b'.replace(' ', '%20'))).toBe('https://cxone.example/a%20b');
  });
});

describe('parseActionRequest', () => {
  it('reads the CXone query and ignores parameters it does not know', () => {
    expect(parseActionRequest('add', query({ apiHost: 'api-de-na1.niceincontact.com' }))).toEqual({
      action: 'add',
      userId: 42,
      dfoBrandId: 1234,
      token: 'ott-1',
      backUrl: 'https://na1.nice-incontact.com/back?x=1',
      dfoChannelId: null,
      integrationId: null,
    });
    const integrationId = '3f0c2a52-7d1e-4b8e-9a51-2c6f1d0e8b47';
    expect(parseActionRequest('remove', query({ channelId: 'chat_21ca141d-1' }), integrationId)).toMatchObject({
      action: 'remove',
      dfoChannelId: 'chat_21ca141d-1',
      integrationId,
    });
  });

  it('names every bad field at once', () => {
    const error = catchError(() => parseActionRequest('reconnect', { userId: '0', brandId: '99999999999', token: ['a', 'b'], backUrl: 'javascript:alert(1)' }));
    expect(error).toMatchObject({ code: 'VALIDATION.FAILED', status: 400 });
    expect(error.details.errors).toEqual([
      { field: 'userId', message: 'must be a positive integer' },
      { field: 'brandId', message: 'must be a positive integer' },
      { field: 'token', message: expect.stringContaining('characters') },
      { field: 'backUrl', message: 'must be an absolute http or https URL' },
      { field: 'channelId', message: 'is missing' },
    ]);
  });

  it('refuses an unknown action and an integration segment that is not an id with a 404', () => {
    expect(catchError(() => parseActionRequest('delete', query()))).toMatchObject({ code: 'ACTION.NOT_FOUND', status: 404 });
    expect(catchError(() => parseActionRequest('add', query(), "1' or '1'='1"))).toMatchObject({ code: 'ACTION.NOT_FOUND', status: 404 });
  });
});

function catchError(run: () => unknown): DomainError {
  try {
    run();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected an error');
}
