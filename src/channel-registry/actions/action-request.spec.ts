import { DomainError } from '../../core/errors/domain-error';
import { parseActionRequest, parseBackUrl } from './action-request';

const OWN = 'https://bridge.example.com';
const query = (extra: Record<string, unknown> = {}) => ({ userId: '42', brandId: '1234', token: 'ott-1', backUrl: 'https://na1.nice-incontact.com/back?x=1', ...extra });

describe('backUrl validation', () => {
  it.each([
    'https://na1.nice-incontact.com/DFO/channels?tab=byoc',
    'https://home-c32.niceincontact.com/inContact/Manage/',
    'https://app.cxone.com/x',
    'https://na1.nicecxone.com/y',
    'https://cxone-gov.nicecxone-gov.com/z',
    'https://bridge.example.com/done',
  ])('accepts %s (CXone, or our own PUBLIC_BASE_URL)', (url) => {
    expect(parseBackUrl(url, OWN)).toBe(new URL(url).href);
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
    [' https://na1.nice-incontact.com/'],
    ['https://na1.nice-incontact.com/\nSet-Cookie: x'],
    [''],
    [`https://na1.nice-incontact.com/${'a'.repeat(2100)}`],
    // Any host that is not CXone's or ours: the redirect is not for hire.
    ['https://cxone.example/back'],
    ['https://evil-niceincontact.com/'],
    ['https://niceincontact.com.evil.example/'],
    ['http://na1.nice-incontact.com/plain-http'],
    ['http://bridge.example.com/other-scheme'],
    ['https://bridge.example.com:8443/other-port'],
    ['http://127.0.0.1:4010/sandbox/agent'],
  ])('refuses %j', (url) => {
    expect(parseBackUrl(url, OWN)).toBeNull();
  });

  it('returns the URL normalised, so what we redirect to is what we checked', () => {
    expect(parseBackUrl('HTTPS://NA1.Nice-InContact.com/a b'.replace(' ', '%20'), OWN)).toBe('https://na1.nice-incontact.com/a%20b');
  });
});

describe('parseActionRequest', () => {
  it('reads the CXone query and ignores parameters it does not know', () => {
    expect(parseActionRequest('add', query({ apiHost: 'api-de-na1.niceincontact.com' }), OWN)).toEqual({
      action: 'add',
      userId: 42,
      dfoBrandId: 1234,
      token: 'ott-1',
      backUrl: 'https://na1.nice-incontact.com/back?x=1',
      dfoChannelId: null,
      integrationId: null,
    });
    const integrationId = '3f0c2a52-7d1e-4b8e-9a51-2c6f1d0e8b47';
    expect(parseActionRequest('remove', query({ channelId: 'chat_21ca141d-1' }), OWN, integrationId)).toMatchObject({
      action: 'remove',
      dfoChannelId: 'chat_21ca141d-1',
      integrationId,
    });
  });

  it('names every bad field at once', () => {
    const error = catchError(() => parseActionRequest('reconnect', { userId: '0', brandId: '99999999999', token: ['a', 'b'], backUrl: 'javascript:alert(1)' }, OWN));
    expect(error).toMatchObject({ code: 'VALIDATION.FAILED', status: 400 });
    expect(error.details.errors).toEqual([
      { field: 'userId', message: 'must be a positive integer' },
      { field: 'brandId', message: 'must be a positive integer' },
      { field: 'token', message: expect.stringContaining('characters') },
      { field: 'backUrl', message: `must be an https URL on CXone's hosts (such as *.niceincontact.com) or on ${OWN}` },
      { field: 'channelId', message: 'is missing' },
    ]);
  });

  it('refuses an unknown action and an integration segment that is not an id with a 404', () => {
    expect(catchError(() => parseActionRequest('delete', query(), OWN))).toMatchObject({ code: 'ACTION.NOT_FOUND', status: 404 });
    expect(catchError(() => parseActionRequest('add', query(), OWN, "1' or '1'='1"))).toMatchObject({ code: 'ACTION.NOT_FOUND', status: 404 });
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
