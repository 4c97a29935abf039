import { FixedClock } from '../../core/clock/clock';
import { SecretBox } from '../../core/crypto/secret-box';
import { TokenSigner } from '../../core/crypto/token-signer';
import { ACTION_FORM_AUDIENCE, ACTION_FORM_TTL_SECONDS, ActionForm, ActionFormTokens } from './action-form-token';

const ACCESS_TOKEN = 'cxone-access-token-for-baloo';

describe('ActionFormTokens', () => {
  const clock = new FixedClock();
  const signer = new TokenSigner('form-token-test-secret-0123456789', () => clock.now());
  const box = new SecretBox(Buffer.alloc(32, 3));
  const tokens = new ActionFormTokens(signer, box);
  const form: ActionForm = {
    action: 'add',
    userId: 42,
    dfoBrandId: 1234,
    brandIds: ['0b3c4d5e-0000-4000-8000-000000000001'],
    integrationIds: ['0b3c4d5e-0000-4000-8000-000000000002', '0b3c4d5e-0000-4000-8000-000000000003'],
    channelId: null,
    newDfoChannelId: '0b3c4d5e-0000-4000-8000-000000000004',
    backUrl: 'https://na1.nice-incontact.com/back',
    brandName: 'The Jungle',
    userName: 'Baloo Bear',
    apiBaseUrl: 'https://api-de-na1.niceincontact.com/dfo/3.0',
    accessToken: ACCESS_TOKEN,
  };

  beforeEach(() => clock.set(new Date('2026-01-01T00:00:00.000Z')));

  it('round-trips the form it was issued for, with a fresh token id and the expiry to spend it against', () => {
    const verified = tokens.verify(tokens.issue(form), 'add');
    expect(verified).toEqual({ ...form, jti: expect.stringMatching(/^[0-9a-f-]{36}$/), expiresAt: new Date(clock.now().getTime() + ACTION_FORM_TTL_SECONDS * 1000) });
    expect(tokens.verify(tokens.issue(form), 'add').jti).not.toBe(verified.jti);
  });

  it('keeps the access token sealed: the readable payload does not hold it', () => {
    const token = tokens.issue(form);
    const payload = Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8');
    expect(token).not.toContain(ACCESS_TOKEN);
    expect(payload).not.toContain(ACCESS_TOKEN);
    expect(JSON.parse(payload)).toMatchObject({ aud: ACTION_FORM_AUDIENCE, sub: '42', dfoBrandId: 1234, at: expect.stringMatching(/^v1\./) });
  });

  it('refuses a tampered payload (another channel, another brand) even with the original signature', () => {
    const [header, payload, signature] = tokens.issue({ ...form, action: 'remove', channelId: 'mine' }).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, channelId: 'someone-elses', brandIds: ['other-brand'] })).toString('base64url');
    expect(() => tokens.verify(`${header}.${forged}.${signature}`, 'remove')).toThrow(expect.objectContaining({ code: 'ACTION.FORM_REFUSED', status: 403 }));
  });

  it('refuses a token signed with another secret, and one of another audience', () => {
    const foreign = new ActionFormTokens(new TokenSigner('some-other-secret-0123456789abcdef', () => clock.now()), box).issue(form);
    expect(() => tokens.verify(foreign, 'add')).toThrow(expect.objectContaining({ code: 'ACTION.FORM_REFUSED' }));
    const integrationToken = signer.sign('integration-box', 'integration-id', 3600, { ...form }).token;
    expect(() => tokens.verify(integrationToken, 'add')).toThrow(expect.objectContaining({ code: 'ACTION.FORM_REFUSED' }));
  });

  it('refuses a form of another action', () => {
    expect(() => tokens.verify(tokens.issue(form), 'remove')).toThrow(expect.objectContaining({ code: 'ACTION.FORM_REFUSED', message: expect.stringContaining('add action') }));
  });

  it('expires after 15 minutes', () => {
    const token = tokens.issue(form);
    clock.advance((ACTION_FORM_TTL_SECONDS - 1) * 1000);
    expect(tokens.verify(token, 'add').userId).toBe(42);
    clock.advance(1000);
    expect(() => tokens.verify(token, 'add')).toThrow(expect.objectContaining({ code: 'ACTION.FORM_REFUSED', message: expect.stringContaining('expired') }));
  });

  it('refuses a missing or malformed token', () => {
    for (const token of [undefined, '', ['a', 'b'], 'not-a-jwt', 'a.b.c']) {
      expect(() => tokens.verify(token, 'add')).toThrow(expect.objectContaining({ code: 'ACTION.FORM_REFUSED' }));
    }
  });

  it('does not open an access token sealed for another form', () => {
    const a = tokens.issue(form).split('.')[1]!;
    const claimsA = JSON.parse(Buffer.from(a, 'base64url').toString('utf8'));
    // Even a validly signed token (had the signing secret leaked without the encryption key) cannot borrow another form's sealed token.
    const borrowed = signer.sign(ACTION_FORM_AUDIENCE, '42', 600, { ...form, accessToken: undefined, jti: 'another-jti', at: claimsA.at }).token;
    expect(() => tokens.verify(borrowed, 'add')).toThrow(expect.objectContaining({ code: 'ACTION.FORM_REFUSED' }));
  });
});
