import { AppConfig } from '../../core/config/app-config';
import { FixedClock } from '../../core/clock/clock';
import { TokenSigner } from '../../core/crypto/token-signer';
import { WebchatError } from './webchat.errors';
import { bearerToken, WebchatSessionTokens } from './webchat-session-tokens';

function tokens(clock: FixedClock, secret = 'a-signing-secret-that-is-long-enough-0123'): WebchatSessionTokens {
  const config = { webchat: { sessionTtlSeconds: 3600 } } as AppConfig;
  return new WebchatSessionTokens(new TokenSigner(secret, () => clock.now()), config);
}

const session = { channelId: 'chan-1', endUserId: 'visitor-1', threadId: 'conv-1', profile: { firstName: 'Simba', nickname: '' } };

describe('WebchatSessionTokens', () => {
  it('round-trips the visitor, the conversation and the display names, dropping empty ones', () => {
    const clock = new FixedClock();
    const t = tokens(clock);
    const { token, expiresAt } = t.sign(session);
    expect(expiresAt.getTime()).toBe(clock.now().getTime() + 3600_000);
    expect(t.verify(token, 'chan-1')).toEqual({
      channelId: 'chan-1',
      endUserId: 'visitor-1',
      threadId: 'conv-1',
      profile: { firstName: 'Simba', lastName: undefined, nickname: undefined },
    });
  });

  it('refuses a token of another channel with 401', () => {
    const t = tokens(new FixedClock());
    const { token } = t.sign(session);
    expect(() => t.verify(token, 'chan-2')).toThrow(expect.objectContaining({ code: 'WEBCHAT.SESSION_INVALID', status: 401 }));
  });

  it('refuses an expired token, a forged one and one made for another audience', () => {
    const clock = new FixedClock();
    const t = tokens(clock);
    const { token } = t.sign(session);
    clock.advance(3600_000);
    expect(() => t.verify(token, 'chan-1')).toThrow(/expired/);
    clock.advance(-10_000);
    expect(() => tokens(clock, 'another-secret-that-is-long-enough-012345').verify(token, 'chan-1')).toThrow(/bad_signature/);
    const other = new TokenSigner('a-signing-secret-that-is-long-enough-0123', () => clock.now()).sign('integration', 'x', 60, { channelId: 'chan-1', threadId: 't' });
    expect(() => t.verify(other.token, 'chan-1')).toThrow(WebchatError);
  });

  it('reads the bearer token of an Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   xyz ')).toBe('xyz');
    expect(bearerToken(['Bearer one'])).toBe('one');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
