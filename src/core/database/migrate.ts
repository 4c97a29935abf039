import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Any fixed 64-bit number; every instance takes the same lock, so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 7_263_511_902;

/**
 * Runs pending migrations. Against a real Postgres it holds a session advisory lock on a separate connection, so
 * several instances starting together migrate once. The embedded PGlite has one connection and one instance.
 */
export async function runMigrationsLocked(dataSource: DataSource, embedded: boolean, logger = new Logger('Migrations')): Promise<void> {
  if (embedded) {
    await apply(dataSource, logger);
    return;
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await apply(dataSource, logger);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}

async function apply(dataSource: DataSource, logger: Logger): Promise<void> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  if (ran.length > 0) logger.log(`Applied ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`);
}

/** True when every migration the code knows has been applied (readiness). */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
