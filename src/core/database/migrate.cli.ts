import { DataSource } from 'typeorm';
import { withEmbeddedSecrets } from '../config/embedded-secrets';
import { ConfigValidationError, loadConfig } from '../config/load-config';
import { dataSourceOptions } from './data-source.options';
import { openEmbeddedPostgres } from './embedded-postgres';
import { runMigrationsLocked } from './migrate';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main(): Promise<void> {
  // The same bootstrap as `main.ts`, so migrating the embedded database first and starting later share one set of secrets.
  const config = loadConfig(withEmbeddedSecrets(process.env).env);
  const embedded = config.database.url ? undefined : await openEmbeddedPostgres(config.database.dataDir);
  const dataSource = await new DataSource(dataSourceOptions(config, embedded)).initialize();
  try {
    await runMigrationsLocked(dataSource, embedded !== undefined);
    console.log('Migrations are up to date.');
  } finally {
    await dataSource.destroy();
    await embedded?.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigValidationError ? err.message : err);
  process.exit(1);
});
