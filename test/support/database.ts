import { Client } from 'pg';

/**
 * The e2e suite talks to a real Postgres: `DATABASE_URL` when set, else a database made for the test run on the local
 * server. Refuses any database whose name does not say it is for tests, so a suite can never touch real data.
 */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/byoc_bridge_test';
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) throw new Error(`Refusing to run e2e tests against "${name}": the database name must contain "test"`);
  return url;
}

/** What fixtures need of a database: the app's `DataSource` and a `TestDatabase` both answer a query with its rows. */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A connection of the spec's own, for when no app runs in this process (app processes, cleanup after close). */
export interface TestDatabase extends Db {
  end(): Promise<void>;
}

export async function connectTestDatabase(url = testDatabaseUrl()): Promise<TestDatabase> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    end: () => client.end(),
  };
}
