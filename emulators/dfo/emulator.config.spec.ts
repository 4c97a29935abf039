import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorConfigError, readEmulatorSettings, readStandaloneEmulatorConfig } from './emulator.config';

describe('emulator config', () => {
  it('has defaults for everything', () => {
    expect(readEmulatorSettings({})).toEqual({ tokenTtlSeconds: 3600, accessKeys: [], callTimeoutMs: 10000, trustedServerCaPems: [] });
    expect(readStandaloneEmulatorConfig({})).toMatchObject({ port: 4010, host: '127.0.0.1', logLevel: 'info' });
  });

  it('reads its SANDBOX_DFO_* variables and the standalone PORT, HOST and LOG_LEVEL', () => {
    const env = { SANDBOX_DFO_TOKEN_TTL_S: '120', SANDBOX_DFO_ACCESS_KEYS: 'k1:s1, k2:s:2', SANDBOX_DFO_CALL_TIMEOUT_MS: '500', PORT: '0', HOST: '0.0.0.0', LOG_LEVEL: 'silent' };
    expect(readStandaloneEmulatorConfig(env)).toEqual({ port: 0, host: '0.0.0.0', logLevel: 'silent', tokenTtlSeconds: 120, accessKeys: ['k1:s1', 'k2:s:2'], callTimeoutMs: 500, trustedServerCaPems: [] });
  });

  it('reads the certificates to trust for a middleware\'s HTTPS server from SANDBOX_DFO_TRUSTED_CA_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-ca-'));
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'ca.pem'), pem);
    writeFileSync(join(dir, 'key.pem'), 'not a certificate');
    expect(readEmulatorSettings({ SANDBOX_DFO_TRUSTED_CA_FILE: join(dir, 'ca.pem') }).trustedServerCaPems).toEqual([pem]);
    expect(() => readEmulatorSettings({ SANDBOX_DFO_TRUSTED_CA_FILE: join(dir, 'key.pem') })).toThrow(/SANDBOX_DFO_TRUSTED_CA_FILE holds no PEM certificate/);
    expect(() => readEmulatorSettings({ SANDBOX_DFO_TRUSTED_CA_FILE: join(dir, 'missing.pem') })).toThrow(/SANDBOX_DFO_TRUSTED_CA_FILE cannot be read \(ENOENT/);
  });

  it('lists every bad value in one error', () => {
    let error: unknown;
    try {
      readStandaloneEmulatorConfig({ SANDBOX_DFO_TOKEN_TTL_S: '0', SANDBOX_DFO_ACCESS_KEYS: 'no-secret', PORT: 'x', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect((error as EmulatorConfigError).problems).toEqual([
      'PORT must be an integer between 0 and 65535 (got "x")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'SANDBOX_DFO_ACCESS_KEYS must be a comma-separated list of id:secret pairs',
      'SANDBOX_DFO_TOKEN_TTL_S must be an integer between 1 and 86400 (got "0")',
    ]);
  });
});
