import { OAuthError } from './auth.errors';
import { parseTokenRequest, presentedClientId } from './token-request';

const GRANT = { grant_type: 'client_credentials' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function refusal(body: unknown, authorization?: string): string {
  try {
    parseTokenRequest(body, authorization);
  } catch (err) {
    if (err instanceof OAuthError) return err.oauthCode;
    throw err;
  }
  throw new Error('accepted');
}

describe('parseTokenRequest', () => {
  it('reads client_secret_post', () => {
    expect(parseTokenRequest({ ...GRANT, client_id: 'bb_ci_1', client_secret: 's' }, undefined)).toEqual({
      clientId: 'bb_ci_1',
      clientSecret: 's',
      method: 'client_secret_post',
    });
  });

  it('reads client_secret_basic, form-decoding the id and the secret (RFC 6749 §2.3.1)', () => {
    const header = basic(encodeURIComponent('bb_ci_1'), 'p%C3%A4ss+w%3Ard%25');
    expect(parseTokenRequest(GRANT, header)).toEqual({ clientId: 'bb_ci_1', clientSecret: 'päss w:rd%', method: 'client_secret_basic' });
    // The scheme is case-insensitive, and a body client_id naming the same client is allowed.
    expect(parseTokenRequest({ ...GRANT, client_id: 'bb_ci_1' }, basic('bb_ci_1', 's').replace('Basic', 'basic'))).toMatchObject({ clientId: 'bb_ci_1' });
  });

  it('checks the grant type first', () => {
    expect(refusal({}, basic('a', 'b'))).toBe('invalid_request');
    expect(refusal({ grant_type: 'password' }, basic('a', 'b'))).toBe('unsupported_grant_type');
    expect(refusal({ grant_type: ['client_credentials', 'client_credentials'] })).toBe('invalid_request');
  });

  it('refuses two authentication methods at once, or a body client_id that differs from Basic', () => {
    expect(refusal({ ...GRANT, client_secret: 's' }, basic('a', 's'))).toBe('invalid_request');
    expect(refusal({ ...GRANT, client_id: 'a', client_secret: 's' }, basic('a', 's'))).toBe('invalid_request');
    expect(refusal({ ...GRANT, client_id: 'b' }, basic('a', 's'))).toBe('invalid_request');
  });

  it('refuses missing or malformed credentials as invalid_request', () => {
    expect(refusal({ ...GRANT, client_id: 'a' })).toBe('invalid_request');
    expect(refusal({ ...GRANT, client_id: ['a', 'b'], client_secret: 's' })).toBe('invalid_request');
    expect(refusal({ ...GRANT, client_id: 'a\u0000', client_secret: 's' })).toBe('invalid_request');
    expect(refusal({ ...GRANT, client_id: 'a', client_secret: '\ud800' })).toBe('invalid_request');
    expect(refusal({ ...GRANT, client_id: 'a'.repeat(513), client_secret: 's' })).toBe('invalid_request');
    for (const header of ['Basic', 'Basic !!!', 'Basic YWJj', basic('', 's'), basic('a', ''), basic('a%ZZ', 's'), basic('a%00', 's'), basic('a', '%ED%A0%80')]) {
      expect([header, refusal(GRANT, header)]).toEqual([header, 'invalid_request']);
    }
  });

  it('ignores an Authorization header of another scheme', () => {
    expect(parseTokenRequest({ ...GRANT, client_id: 'a', client_secret: 's' }, 'Bearer xyz')).toMatchObject({ method: 'client_secret_post' });
  });
});

describe('presentedClientId', () => {
  it('names the client of Basic or of the body, and never throws', () => {
    expect(presentedClientId({}, basic('a+b', 's'))).toBe('a b');
    expect(presentedClientId({ client_id: 'c' }, undefined)).toBe('c');
    expect(presentedClientId({ client_id: 'c' }, 'Basic !!!')).toBeNull();
    expect(presentedClientId({ client_id: 7 }, undefined)).toBeNull();
    expect(presentedClientId(undefined, undefined)).toBeNull();
  });
});
