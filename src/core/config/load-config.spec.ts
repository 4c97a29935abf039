import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './load-config';

const PRODUCTION = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/prod_like',
  PUBLIC_BASE_URL: 'https://bridge.example.com',
  TOKEN_SIGNING_SECRET: 'Qm3v9TzL1pXe7KwR4sYb8NcU2hJd6FgA0tEiVoZq',
  ENCRYPTION_KEY: 'k7PZ3mXc1rTq9vLw5bNe2sYh8dGf4jUa6oRi0tEyQWs=',
  ADMIN_API_KEY: 'bb_admin_W8rT2kLp9XcV4mNq7ZsB1yHd',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.message;
    throw err;
  }
  throw new Error('expected a configuration error');
}

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

  it('is not in sandbox mode with DATABASE_URL and SANDBOX unset, and only so with SANDBOX=true', () => {
    const production = loadConfig(PRODUCTION);
    expect(production.app.sandbox).toBe(false);
    expect(production.network).toEqual({ trustedProxies: [], egressAllowance: [] });
    const sandbox = loadConfig({ ...PRODUCTION, SANDBOX: 'true', SANDBOX_PUBLIC: 'true' });
    expect([sandbox.app.sandbox, sandbox.app.sandboxPublic, sandbox.network.egressAllowance]).toEqual([true, true, '*']);
    // SANDBOX_PUBLIC opens nothing outside sandbox mode.
    expect(loadConfig({ ...PRODUCTION, SANDBOX_PUBLIC: 'true' }).app.sandboxPublic).toBe(false);
  });

  it('requires the production variables whenever DATABASE_URL is set without SANDBOX', () => {
    const message = problemsOf({ DATABASE_URL: PRODUCTION.DATABASE_URL });
    for (const name of ['PUBLIC_BASE_URL', 'TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(message).toContain(`${name} is required`);
  });

  it('refuses the .env.example placeholders and low-entropy secrets, every one in one message', () => {
    const placeholders = problemsOf({
      ...PRODUCTION,
      TOKEN_SIGNING_SECRET: 'change-me-to-a-long-random-string-of-32-chars-or-more',
      ENCRYPTION_KEY: 'change-me-openssl-rand-base64-32',
      ADMIN_API_KEY: 'change-me-to-a-random-admin-key',
    });
    for (const name of ['TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(placeholders).toContain(`${name} is a placeholder`);
    const weak = problemsOf({
      ...PRODUCTION,
      TOKEN_SIGNING_SECRET: 'a'.repeat(40),
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ADMIN_API_KEY: 'abcabcabcabcabcabcabcabcabc',
    });
    for (const name of ['TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(weak).toContain(`${name} has too little entropy`);
    expect(weak.match(/^  - /gm)).toHaveLength(3);
  });

  it('reads TRUSTED_PROXIES and EGRESS_ALLOW_PRIVATE_NETWORKS, naming every bad entry', () => {
    const config = loadConfig({ ...PRODUCTION, TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1', EGRESS_ALLOW_PRIVATE_NETWORKS: 'fd00::/8,192.168.10.0/24' });
    expect(config.network.trustedProxies.map((b) => b.prefix)).toEqual([8, 32]);
    expect(config.network.egressAllowance).toHaveLength(2);
    expect(loadConfig({ ...PRODUCTION, EGRESS_ALLOW_PRIVATE_NETWORKS: '*' }).network.egressAllowance).toBe('*');
    expect(loadConfig({ ...PRODUCTION, SANDBOX: 'true', EGRESS_ALLOW_PRIVATE_NETWORKS: 'none' }).network.egressAllowance).toEqual([]);
    const message = problemsOf({ ...PRODUCTION, TRUSTED_PROXIES: 'proxy.internal', EGRESS_ALLOW_PRIVATE_NETWORKS: '10.0.0.0/33' });
    expect(message).toContain('TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR blocks (got "proxy.internal")');
    expect(message).toContain('EGRESS_ALLOW_PRIVATE_NETWORKS must be a comma-separated list of IP addresses or CIDR blocks (got "10.0.0.0/33")');
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
      expect(message).toContain(`${name} is required in production mode`);
    }
  });

  it('names each invalid value', () => {
    const attempt = () => loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'bb-')), PORT: 'abc', SANDBOX: 'maybe', ENCRYPTION_KEY: 'short' });
    expect(attempt).toThrow(/PORT must be an integer/);
    expect(attempt).toThrow(/SANDBOX must be true or false/);
    expect(attempt).toThrow(/ENCRYPTION_KEY must be 32 bytes/);
  });
});
