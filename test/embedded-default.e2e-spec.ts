import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/core/config/load-config';

/** The embedded default: no DATABASE_URL, PGlite in a data directory, and a restart keeps the data. */
describe('embedded default (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bb-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const boot = () => createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://localhost:3999' }));

  it('boots with no database configured, applies migrations, and keeps its data across a restart', async () => {
    const first = await boot();
    try {
      const ready = await first.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      await first.get(DataSource).query(`INSERT INTO api_keys (name, key_hash, key_prefix, role) VALUES ('kept', 'hash-kept', 'bb_', 'support')`);
    } finally {
      await first.close();
    }

    const second = await boot();
    try {
      expect((await second.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      const rows = await second.get(DataSource).query(`SELECT name FROM api_keys WHERE key_hash = 'hash-kept'`);
      expect(rows).toEqual([{ name: 'kept' }]);
    } finally {
      await second.close();
    }
  });
});
