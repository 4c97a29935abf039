import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('starts the embedded default with no configuration at all', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-config-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.app.sandbox).toBe(true);
    expect(config.database.url).toBeNull();
    expect(config.security.encryptionKey).toHaveLength(32);
    expect(config.security.adminApiKey).toMatch(/^bb_admin_/);
    // The generated secrets are kept, so sealed data and tokens survive a restart.
    expect(loadConfig({ DATA_DIR: dataDir }).security.adminApiKey).toBe(config.security.adminApiKey);
  });

  it('lists every missing production variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ SANDBOX: 'false' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    for (const name of ['DATABASE_URL', 'PUBLIC_BASE_URL', 'TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) {
      expect(message).toContain(name);
    }
  });

  it('names each invalid value', () => {
    const attempt = () => loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'bb-')), PORT: 'abc', SANDBOX: 'maybe', ENCRYPTION_KEY: 'short' });
    expect(attempt).toThrow(/PORT must be an integer/);
    expect(attempt).toThrow(/SANDBOX must be true or false/);
    expect(attempt).toThrow(/ENCRYPTION_KEY must be 32 bytes/);
  });
});
