import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './load-config';

/** Random-looking, so they pass the placeholder and entropy checks. */
const SECRETS = {
  TOKEN_SIGNING_SECRET: 'Qm3v9TzL1pXe7KwR4sYb8NcU2hJd6FgA0tEiVoZq',
  ENCRYPTION_KEY: 'k7PZ3mXc1rTq9vLw5bNe2sYh8dGf4jUa6oRi0tEyQWs=',
  ADMIN_API_KEY: 'bb_admin_W8rT2kLp9XcV4mNq7ZsB1yHd',
};
const PRODUCTION = { ...SECRETS, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/prod_like', PUBLIC_BASE_URL: 'https://bridge.example.com' };

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
    const message = problemsOf(() => loadConfig({ DATABASE_URL: PRODUCTION.DATABASE_URL }));
    for (const name of ['PUBLIC_BASE_URL', 'TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(message).toContain(`${name} is required in production mode`);
  });

  it('lists every missing production variable in one error', () => {
    const message = problemsOf(() => loadConfig({ SANDBOX: 'false' }));
    for (const name of ['DATABASE_URL', 'PUBLIC_BASE_URL', 'TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) {
      expect(message).toContain(`${name} is required in production mode`);
    }
  });

  it('refuses the .env.example placeholders and low-entropy secrets, every one in one message', () => {
    const placeholders = problemsOf(() =>
      loadConfig({
        ...PRODUCTION,
        TOKEN_SIGNING_SECRET: 'change-me-to-a-long-random-string-of-32-chars-or-more',
        ENCRYPTION_KEY: 'change-me-openssl-rand-base64-32',
        ADMIN_API_KEY: 'change-me-to-a-random-admin-key',
      }),
    );
    for (const name of ['TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(placeholders).toContain(`${name} is a placeholder`);
    const weak = problemsOf(() =>
      loadConfig({ ...PRODUCTION, TOKEN_SIGNING_SECRET: 'a'.repeat(40), ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), ADMIN_API_KEY: 'abcabcabcabcabcabcabcabcabc' }),
    );
    for (const name of ['TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(weak).toContain(`${name} has too little entropy`);
    expect(weak.match(/^ {2}- /gm)).toHaveLength(3);
  });

  it('reads TRUSTED_PROXIES and EGRESS_ALLOW_PRIVATE_NETWORKS, naming every bad entry', () => {
    const config = loadConfig({ ...PRODUCTION, TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1', EGRESS_ALLOW_PRIVATE_NETWORKS: 'fd00::/8,192.168.10.0/24' });
    expect(config.network.trustedProxies.map((b) => b.prefix)).toEqual([8, 32]);
    expect(config.network.egressAllowance).toHaveLength(2);
    expect(loadConfig({ ...PRODUCTION, EGRESS_ALLOW_PRIVATE_NETWORKS: '*' }).network.egressAllowance).toBe('*');
    expect(loadConfig({ ...PRODUCTION, SANDBOX: 'true', EGRESS_ALLOW_PRIVATE_NETWORKS: 'none' }).network.egressAllowance).toEqual([]);
    const message = problemsOf(() => loadConfig({ ...PRODUCTION, TRUSTED_PROXIES: 'proxy.internal', EGRESS_ALLOW_PRIVATE_NETWORKS: '10.0.0.0/33' }));
    expect(message).toContain('TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR blocks (got "proxy.internal")');
    expect(message).toContain('EGRESS_ALLOW_PRIVATE_NETWORKS must be a comma-separated list of IP addresses or CIDR blocks (got "10.0.0.0/33")');
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
