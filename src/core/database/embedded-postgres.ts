import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The embedded default's database: PGlite (Postgres in WASM) in a data directory, reached through node-postgres. */
export interface EmbeddedPostgres {
  /** node-postgres client options that route the single connection into PGlite. */
  pgOptions: Record<string, unknown>;
  close(): Promise<void>;
}

export async function openEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  // PGlite and its node-postgres bridge are ESM-only; loaded lazily so that production never pays for them.
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const db = await PGlite.create(dir);
  const pgConfig = createPgConfig(db);
  return {
    pgOptions: { connection: pgConfig.connection, max: 1 },
    close: () => db.close(),
  };
}
