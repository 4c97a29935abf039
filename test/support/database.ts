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
