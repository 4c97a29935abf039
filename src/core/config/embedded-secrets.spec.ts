import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withEmbeddedSecrets } from './embedded-secrets';
import { loadConfig } from './load-config';

describe('withEmbeddedSecrets (the embedded bootstrap)', () => {
  it('lets the embedded default start with no configuration at all, and keeps its secrets for the next start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-embedded-'));
    const first = withEmbeddedSecrets({ DATA_DIR: dataDir });
    expect(first.generatedSecretsFile).toBe(join(dataDir, 'embedded-secrets.json'));
    expect(statSync(first.generatedSecretsFile!).mode & 0o777).toBe(0o600);
    const config = loadConfig(first.env);
    expect(config.app.sandbox).toBe(true);
    expect(config.security.encryptionKey).toHaveLength(32);
    expect(config.security.adminApiKey).toMatch(/^bb_admin_/);

    const second = withEmbeddedSecrets({ DATA_DIR: dataDir });
    expect(second.env).toEqual(first.env);
  });

  it('fills in only what is missing', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-embedded-'));
    const { env } = withEmbeddedSecrets({ DATA_DIR: dataDir, ADMIN_API_KEY: 'bb_admin_given_0123456789abcdef' });
    expect(env.ADMIN_API_KEY).toBe('bb_admin_given_0123456789abcdef');
    expect(env.TOKEN_SIGNING_SECRET).toEqual(expect.any(String));
  });

  it('does nothing in production, when every secret is set, or when the mode cannot be read', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-embedded-'));
    const all = { TOKEN_SIGNING_SECRET: 't', ENCRYPTION_KEY: 'e', ADMIN_API_KEY: 'a' };
    for (const env of [{ DATA_DIR: dataDir, SANDBOX: 'false' }, { DATA_DIR: dataDir, ...all }, { DATA_DIR: dataDir, SANDBOX: 'maybe' }]) {
      expect(withEmbeddedSecrets(env)).toEqual({ env, generatedSecretsFile: null });
    }
    expect(readdirSync(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'embedded-secrets.json'))).toBe(false);
  });
});
