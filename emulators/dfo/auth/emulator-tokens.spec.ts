import { EmulatorClock } from '../clock';
import { EmulatorSettings } from '../emulator.options';
import { DEFAULT_BRAND, EmulatorStore } from '../store/emulator.store';
import { EmulatorTokens } from './emulator-tokens';

/** A clock that moves only when told to. */
class SteppedClock extends EmulatorClock {
  private at = Date.parse('2026-01-01T00:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

function setup(accessKeys: string[] = []) {
  const clock = new SteppedClock();
  const store = new EmulatorStore();
  const settings = new EmulatorSettings({ basePath: '', tokenTtlSeconds: 60, accessKeys, callTimeoutMs: 1000, trustedServerCaPems: [] });
  return { clock, store, settings, tokens: new EmulatorTokens(store, settings, clock) };
}

describe('EmulatorTokens', () => {
  it('accepts any key for the default brand unless keys are configured', () => {
    expect(setup().tokens.authenticateKey('any', 'thing')).toBe(DEFAULT_BRAND.id);
    const { tokens } = setup(['key-1:s3cret:with:colons']);
    expect(tokens.authenticateKey('key-1', 's3cret:with:colons')).toBe(DEFAULT_BRAND.id);
    expect(tokens.authenticateKey('key-1', 'wrong')).toBeNull();
    expect(tokens.authenticateKey('other', 's3cret:with:colons')).toBeNull();
  });

  it('binds keys registered on a brand to that brand, secret checked', () => {
    const { store, tokens } = setup();
    store.putBrand({ id: 1234, friendlyName: 'The Jungle', tenantId: 't', businessUnitId: 1, timezone: 'UTC', accessKeys: [{ keyId: 'jungle', secret: 'pw' }] });
    expect(tokens.authenticateKey('jungle', 'pw')).toBe(1234);
    expect(tokens.authenticateKey('jungle', 'nope')).toBeNull();
  });

  it('expires tokens after the TTL, on demand, and a changed TTL applies to new tokens', () => {
    const { clock, settings, tokens } = setup();
    const a = tokens.issue(1000, 'access_key').accessToken;
    expect(tokens.check(`Bearer ${a}`)).toEqual({ ok: true, brandId: 1000, kind: 'access_key' });
    clock.advance(60_000);
    expect(tokens.check(`Bearer ${a}`)).toEqual({ ok: false, reason: 'expired' });
    settings.tokenTtlSeconds = 5;
    const b = tokens.issue(1000, 'access_key');
    expect(b.expiresIn).toBe(5);
    expect(tokens.expireAll()).toBe(1);
    expect(tokens.check(`Bearer ${b.accessToken}`)).toEqual({ ok: false, reason: 'expired' });
    expect(tokens.check('Basic abc')).toEqual({ ok: false, reason: 'missing' });
    expect(tokens.check('Bearer nope')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('rotates refresh tokens', () => {
    const { tokens } = setup();
    const { refreshToken } = tokens.issue(1000, 'access_key');
    expect(tokens.refresh(refreshToken)).not.toBeNull();
    expect(tokens.refresh(refreshToken)).toBeNull();
  });

  it('redeems a one-time token once, only for its brand, user and purpose, within five minutes', () => {
    const { clock, tokens } = setup();
    const ott = tokens.mintOneTimeToken(1234, 42, 'channel-integration').token;
    expect(tokens.redeemOneTimeToken(ott, 1234, 42, 'channel-integration')).toBe(true);
    expect(tokens.redeemOneTimeToken(ott, 1234, 42, 'channel-integration')).toBe(false);
    const other = tokens.mintOneTimeToken(1234, 42, 'channel-integration').token;
    expect(tokens.redeemOneTimeToken(other, 9999, 42, 'channel-integration')).toBe(false);
    const late = tokens.mintOneTimeToken(1234, 42, 'login').token;
    clock.advance(5 * 60_000);
    expect(tokens.redeemOneTimeToken(late, 1234, 42, 'login')).toBe(false);
  });
});
