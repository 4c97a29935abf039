import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox } from '../core/crypto/secret-box';
import { EmulatorStore } from '../../emulators/dfo/store/emulator.store';
import { EmulatorPersistence } from './emulator-persistence';

const box = new SecretBox(Buffer.alloc(32, 3));

describe('EmulatorPersistence', () => {
  it('keeps the state across a restart, with secrets sealed in the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sbx-')), 'sandbox-dfo.json');
    const store = new EmulatorStore();
    const persistence = new EmulatorPersistence(store, box, file);
    persistence.onModuleInit();
    store.putIntegration({
      channelIntegrationId: 'int-1', name: 'WH', integrationBoxUrl: 'http://x/integration/box', authorizationUrl: 'http://x/token', clientId: 'cid',
      clientSecret: 'very-secret-client-secret', replyApi: '2.0', brandId: null, includeAuthorUser: true, registeredAt: '2026-01-01T00:00:00.000Z',
      clientCertificate: { certificatePem: 'CERT', privateKeyPem: 'very-secret-private-key', privateKeyPassword: 'very-secret-key-password', caCertificatePem: 'CA' },
    });
    store.putBrand({ id: 7, friendlyName: 'The Jungle', tenantId: 't', businessUnitId: 1, timezone: 'UTC', accessKeys: [{ keyId: 'k', secret: 'access-key-secret' }] });
    const caseNumber = store.nextCaseNumber(new Date());
    persistence.onApplicationShutdown();

    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain('very-secret-client-secret');
    expect(raw).not.toContain('access-key-secret');
    expect(raw).not.toContain('very-secret-private-key');
    expect(raw).not.toContain('very-secret-key-password');

    const restarted = new EmulatorStore();
    new EmulatorPersistence(restarted, box, file).onModuleInit();
    expect(restarted.integration('int-1')?.clientSecret).toBe('very-secret-client-secret');
    expect(restarted.integration('int-1')?.clientCertificate).toEqual({
      certificatePem: 'CERT', privateKeyPem: 'very-secret-private-key', privateKeyPassword: 'very-secret-key-password', caCertificatePem: 'CA',
    });
    expect(restarted.brand(7)?.accessKeys).toEqual([{ keyId: 'k', secret: 'access-key-secret' }]);
    expect(BigInt(restarted.nextCaseNumber(new Date(0)))).toBeGreaterThan(BigInt(caseNumber));
  });

  it('sets an unreadable file aside and starts empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbx-'));
    const file = join(dir, 'sandbox-dfo.json');
    writeFileSync(file, '{not json');
    const store = new EmulatorStore();
    new EmulatorPersistence(store, box, file).onModuleInit();
    expect(store.integrations()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).some((f) => f.startsWith('sandbox-dfo.json.unreadable-'))).toBe(true);
  });
});
