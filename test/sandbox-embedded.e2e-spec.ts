import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { withEmbeddedSecrets } from '../src/core/config/embedded-secrets';
import { loadConfig } from '../src/core/config/load-config';
import { EmulatorStore } from '../emulators/dfo/store/emulator.store';

/** The embedded default keeps the emulator's state (the demo's cases) across a restart, secrets sealed on disk. */
describe('embedded default: the emulator survives a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bb-sandbox-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const boot = () => createApp(loadConfig(withEmbeddedSecrets({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://localhost:3999' }).env));

  it('keeps cases and the demo registration, without rotating the demo secret', async () => {
    const first = await boot();
    let caseId: string;
    let registration: unknown;
    try {
      const store = first.get(EmulatorStore);
      const [integration] = store.integrations().filter((i) => i.brandId === 1234);
      registration = integration;
      const brand = store.brand(1234)!;
      const token = await first.inject({
        method: 'POST', url: '/sandbox/auth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=password&username=${brand.accessKeys[0]!.keyId}&password=${encodeURIComponent(brand.accessKeys[0]!.secret)}`,
      });
      const auth = { authorization: `Bearer ${token.json().access_token}` };
      const channel = await first.inject({ method: 'POST', url: '/sandbox/dfo/3.0/channels', headers: auth, payload: {
        id: 'chat_kept', idOnExternalPlatform: 'chat_kept', channelIntegrationId: integration!.channelIntegrationId, realExternalPlatformId: 'custom',
        name: 'Kept', isPrivate: true, hasTreeStructure: false,
      } });
      expect(channel.statusCode).toBe(204);
      const created = await first.inject({ method: 'POST', url: '/sandbox/dfo/3.0/channels/chat_kept/messages', headers: auth, payload: {
        idOnExternalPlatform: 'm-kept', thread: { idOnExternalPlatform: 't-kept' }, direction: 'inbound', createdAtWithMilliseconds: '2026-01-02T03:04:05.678Z',
        messageContent: { type: 'TEXT', payload: { text: 'Still here after a restart?' } }, authorEndUserIdentity: { idOnExternalPlatform: 'simba' },
      } });
      caseId = created.json().consumerContact.id;
    } finally {
      await first.close();
    }
    const onDisk = readFileSync(join(dataDir, 'sandbox-dfo.json'), 'utf8');
    const secret = (registration as { clientSecret: string }).clientSecret;
    expect(onDisk).not.toContain(secret);

    const second = await boot();
    try {
      const store = second.get(EmulatorStore);
      expect(store.case(caseId)).toMatchObject({ status: 'new', threadIdOnExternalPlatform: 't-kept' });
      expect(store.integrations().filter((i) => i.brandId === 1234)).toEqual([registration]);
      const listed = await second.inject({ method: 'GET', url: '/sandbox/_emulator/cases?threadIdOnExternalPlatform=t-kept' });
      expect(listed.json().data.map((c: { id: string }) => c.id)).toEqual([caseId]);
    } finally {
      await second.close();
    }
  });
});
