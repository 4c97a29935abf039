import { SecretBox } from '../core/crypto/secret-box';
import { FieldProblem } from '../core/errors/domain-error';
import { PlatformAdapter } from '../platform-adapters/platform-adapter';
import { AdapterConfigSealer } from './adapter-config-sealer';
import { BrandEntity } from './brand.entity';
import { toDfoCredentials } from './brand-credentials';

const adapter = {
  name: 'webhook',
  secretConfigFields: ['signingSecrets', 'apiToken'],
  validateConfig: (config: Record<string, unknown>): FieldProblem[] =>
    Array.isArray(config.signingSecrets) && config.signingSecrets.length > 0 ? [] : [{ field: 'adapterConfig.signingSecrets', message: 'required' }],
} as unknown as PlatformAdapter;

describe('AdapterConfigSealer', () => {
  const box = new SecretBox(Buffer.alloc(32, 3));
  const sealer = new AdapterConfigSealer(box);

  it('seals each secret with the channel and field as context, and opens them again', () => {
    const sealed = sealer.seal('ch-1', adapter, { url: 'https://x', signingSecrets: ['one', 'two'], apiToken: 'tok' });
    expect(sealed.url).toBe('https://x');
    expect(JSON.stringify(sealed)).not.toMatch(/"one"|"two"|"tok"/);
    expect(box.open((sealed.signingSecrets as string[])[1]!, 'channel:ch-1:signingSecrets')).toBe('two');
    expect(sealer.open('ch-1', adapter, sealed)).toEqual({ url: 'https://x', signingSecrets: ['one', 'two'], apiToken: 'tok' });
    // Copied to another channel, the sealed config does not open.
    expect(() => sealer.open('ch-2', adapter, sealed)).toThrow();
  });

  it('redacts secrets as counts or flags', () => {
    const sealed = sealer.seal('ch-1', adapter, { signingSecrets: ['one', 'two'], apiToken: 'tok' });
    expect(sealer.redact(adapter, sealed)).toEqual({ signingSecrets: { count: 2 }, apiToken: { set: true } });
  });

  it('keeps a secret left out of an update, and validates the result', () => {
    const first = sealer.seal('ch-1', adapter, { url: 'https://old', signingSecrets: ['one'], apiToken: 'tok' });
    const second = sealer.seal('ch-1', adapter, { url: 'https://new', apiToken: 'tok2' }, first);
    expect(sealer.open('ch-1', adapter, second)).toEqual({ url: 'https://new', signingSecrets: ['one'], apiToken: 'tok2' });
    expect(() => sealer.seal('ch-1', adapter, { url: 'https://new' })).toThrow(expect.objectContaining({ code: 'VALIDATION.FAILED' }));
  });

  it('refuses a secret field it cannot seal rather than store it in plain text', () => {
    expect(() => sealer.seal('ch-1', adapter, { signingSecrets: ['one'], apiToken: 42 })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'adapterConfig.apiToken' }) }),
    );
  });
});

describe('toDfoCredentials', () => {
  const box = new SecretBox(Buffer.alloc(32, 4));
  const brand = {
    id: 'b-1',
    dfoApiBaseUrl: 'https://api.example/dfo/3.0',
    dfoAuthKind: 'access_key',
    dfoAuthUrl: 'https://cxone.example/auth/token',
    dfoKeyId: 'key-1',
    dfoSecretSealed: box.seal('s3cret', 'brand:b-1'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  } as BrandEntity;

  it('opens the secret and changes its cache key whenever the credentials change', () => {
    const credentials = toDfoCredentials(brand, box);
    expect(credentials).toMatchObject({ kind: 'brand', secret: 's3cret', keyId: 'key-1', apiBaseUrl: brand.dfoApiBaseUrl, cacheKey: expect.stringMatching(/^b-1:[0-9a-f]{16}$/) });
    expect(toDfoCredentials(brand, box).cacheKey).toBe(credentials.cacheKey);
    expect(toDfoCredentials({ ...brand, dfoKeyId: 'key-2' } as BrandEntity, box).cacheKey).not.toBe(credentials.cacheKey);
    expect(toDfoCredentials({ ...brand, updatedAt: new Date('2026-01-02T00:00:00Z') } as BrandEntity, box).cacheKey).not.toBe(credentials.cacheKey);
  });
});
