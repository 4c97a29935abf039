import { hashSecret, verifySecret, constantTimeEqual } from './hashing';
import { SecretBox } from './secret-box';
import { TokenSigner } from './token-signer';

describe('SecretBox', () => {
  const box = new SecretBox(Buffer.alloc(32, 1));
  it('seals so the plaintext is not visible, and opens it again', () => {
    const sealed = box.seal('s3cret-value', 'brand:1');
    expect(sealed).not.toContain('s3cret');
    expect(box.open(sealed, 'brand:1')).toBe('s3cret-value');
  });
  it('refuses a sealed value moved to another context or tampered with', () => {
    const sealed = box.seal('s3cret-value', 'brand:1');
    expect(() => box.open(sealed, 'brand:2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'brand:1')).toThrow();
  });
});

describe('secret hashing', () => {
  it('verifies the right secret only', async () => {
    const hash = await hashSecret('right');
    expect(hash).not.toContain('right');
    await expect(verifySecret('right', hash)).resolves.toBe(true);
    await expect(verifySecret('wrong', hash)).resolves.toBe(false);
  });
  it('compares strings of any length safely', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('TokenSigner', () => {
  let now = new Date('2026-01-01T00:00:00Z');
  const signer = new TokenSigner('x'.repeat(32), () => now);
  it('verifies its own token for the same audience until it expires', () => {
    const { token } = signer.sign('integration', 'int-1', 60);
    expect(signer.verify(token, 'integration')).toMatchObject({ ok: true, claims: { sub: 'int-1' } });
    expect(signer.verify(token, 'webchat')).toEqual({ ok: false, reason: 'wrong_audience' });
    now = new Date(now.getTime() + 61_000);
    expect(signer.verify(token, 'integration')).toEqual({ ok: false, reason: 'expired' });
  });
  it('refuses a forged signature', () => {
    const { token } = new TokenSigner('y'.repeat(32), () => now).sign('integration', 'int-1', 60);
    expect(signer.verify(token, 'integration')).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
