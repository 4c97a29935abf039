import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { ChannelDirectory } from '../src/channel-registry/channel-directory.service';
import { withEmbeddedSecrets } from '../src/core/config/embedded-secrets';
import { loadConfig } from '../src/core/config/load-config';

/** The embedded default: no DATABASE_URL, PGlite in a data directory, and a restart keeps the data and the secrets. */
describe('embedded default (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bb-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // As `main.ts` starts with no configuration: the embedded bootstrap, then the config, then the app.
  const boot = async () => {
    const { env } = withEmbeddedSecrets({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://localhost:3999' });
    return { app: await createApp(loadConfig(env)), adminKey: env.ADMIN_API_KEY! };
  };
  const demoBrand = async (app: Awaited<ReturnType<typeof boot>>['app'], adminKey: string) => {
    const brands = await app.inject({ method: 'GET', url: '/api/v1/brands', headers: { authorization: `Bearer ${adminKey}` } });
    expect(brands.statusCode).toBe(200);
    return (brands.json() as Array<{ id: string; name: string }>).find((b) => b.name === 'The Jungle')!;
  };

  it('boots with no database configured, applies migrations, and keeps its data and secrets across a restart', async () => {
    const first = await boot();
    let brandId: string;
    try {
      const ready = await first.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      await first.app.get(DataSource).query(`INSERT INTO api_keys (name, key_hash, key_prefix, role) VALUES ('kept', 'hash-kept', 'bb_', 'support')`);
      brandId = (await demoBrand(first.app, first.adminKey)).id;
    } finally {
      await first.app.close();
    }

    const second = await boot();
    try {
      expect((await second.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      const rows = await second.app.get(DataSource).query(`SELECT name FROM api_keys WHERE key_hash = 'hash-kept'`);
      expect(rows).toEqual([{ name: 'kept' }]);
      // The same admin key works, and what the first run sealed (the demo brand's DFO secret) still opens.
      expect(second.adminKey).toBe(first.adminKey);
      expect((await demoBrand(second.app, second.adminKey)).id).toBe(brandId);
      await expect(second.app.get(ChannelDirectory).credentialsForBrand(brandId)).resolves.toMatchObject({ secret: expect.any(String) });
    } finally {
      await second.app.close();
    }
  });
});
