import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './load-config';

const SECRETS = { TOKEN_SIGNING_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), ADMIN_API_KEY: 'bb_admin_'.padEnd(30, 'k') };

function problemsOf(attempt: () => unknown): string {
  try {
    attempt();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigValidationError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadConfig', () => {
  it('reads sandbox mode with the embedded database from nothing but the secrets, and writes no file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-config-'));
    const config = loadConfig({ DATA_DIR: dataDir, ...SECRETS });
    expect(config.app.sandbox).toBe(true);
    expect(config.database.url).toBeNull();
    expect(config.security.encryptionKey).toHaveLength(32);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('does not make up secrets: without the embedded bootstrap, sandbox mode names the missing ones', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-config-'));
    const message = problemsOf(() => loadConfig({ DATA_DIR: dataDir }));
    for (const name of ['TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(message).toContain(`${name} is required in sandbox mode too`);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('lists every missing production variable in one error', () => {
    const message = problemsOf(() => loadConfig({ SANDBOX: 'false' }));
    for (const name of ['DATABASE_URL', 'PUBLIC_BASE_URL', 'TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) {
      expect(message).toContain(name);
    }
  });

  it('names each invalid value', () => {
    const attempt = () => loadConfig({ ...SECRETS, PORT: 'abc', SANDBOX: 'maybe', ENCRYPTION_KEY: 'short' });
    expect(attempt).toThrow(/PORT must be an integer/);
    expect(attempt).toThrow(/SANDBOX must be true or false/);
    expect(attempt).toThrow(/ENCRYPTION_KEY must be 32 bytes/);
  });

  it('hands the SANDBOX_* variables, unread, to what sandbox mode mounts, and nothing in production', () => {
    const env = { ...SECRETS, SANDBOX_DFO_TOKEN_TTL_S: '120', OTHER: 'x' };
    expect(loadConfig(env).sandboxEnv).toEqual({ SANDBOX_DFO_TOKEN_TTL_S: '120' });
    const production = { ...env, SANDBOX: 'false', DATABASE_URL: 'postgres://db/x', PUBLIC_BASE_URL: 'https://bridge.example' };
    expect(loadConfig(production).sandboxEnv).toBeNull();
  });
});
