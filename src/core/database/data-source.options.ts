import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { transactionSafePg } from './transaction-safe-pool';

/**
 * The one set of connection options, shared by the app (`DatabaseModule`) and the migration CLI. With no
 * `DATABASE_URL` it points at the embedded PGlite, which allows a single connection.
 */
export function dataSourceOptions(config: AppConfig, embedded?: EmbeddedPostgres): DataSourceOptions {
  return {
    type: 'postgres',
    ...(config.database.url ? { url: config.database.url } : {}),
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // A connection is never reused while still inside a (failed) transaction.
    driver: transactionSafePg,
    extra: embedded
      ? embedded.pgOptions
      : {
          max: config.database.poolSize,
          connectionTimeoutMillis: 5000,
          // A runaway query must not hold a connection (and its row locks) forever.
          statement_timeout: 30000,
          idle_in_transaction_session_timeout: 60000,
          // The hot paths' named prepared statements (`PreparedStatement`) are planned once per connection, not
          // per call: they are all index lookups, for which a generic plan is as good as a custom one.
          options: '-c plan_cache_mode=force_generic_plan',
          application_name: 'byoc-bridge',
        },
  };
}
