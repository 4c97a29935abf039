import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source.options';
import { EmbeddedPostgres, openEmbeddedPostgres } from './embedded-postgres';
import { runMigrationsLocked } from './migrate';

export const EMBEDDED_POSTGRES = Symbol('EMBEDDED_POSTGRES');

@Global()
@Module({})
class EmbeddedPostgresModule implements OnApplicationShutdown {
  constructor(@Inject(EMBEDDED_POSTGRES) private readonly embedded: EmbeddedPostgres | null) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EmbeddedPostgresModule,
      providers: [
        {
          provide: EMBEDDED_POSTGRES,
          useFactory: async () => (config.database.url ? null : openEmbeddedPostgres(config.database.dataDir)),
        },
      ],
      exports: [EMBEDDED_POSTGRES],
    };
  }

  // Runs after TypeORM has closed its pool, so PGlite flushes a quiet database.
  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.close();
  }
}

/** The TypeORM DataSource of the app; migrations run at start-up under the advisory lock. */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        EmbeddedPostgresModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          inject: [EMBEDDED_POSTGRES],
          useFactory: (embedded: EmbeddedPostgres | null) => ({
            ...dataSourceOptions(config, embedded ?? undefined),
            autoLoadEntities: true,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (config.database.runMigrations) {
              await runMigrationsLocked(dataSource, config.database.url === null, new Logger('Migrations'));
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
