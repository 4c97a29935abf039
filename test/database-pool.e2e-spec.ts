import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/core/database/data-source.options';
import { TransactionSafePool } from '../src/core/database/transaction-safe-pool';
import { loadConfig } from '../src/core/config/load-config';
import { testDatabaseUrl } from './support/database';
import { testEnv } from './support/test-app';

/** Leaves the pool's one connection inside a failed transaction, as a swallowed ROLLBACK does in TypeORM. */
async function releaseInsideFailedTransaction(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT 1/0').catch(() => undefined);
    // pg settles a failed query on Postgres' error, maybe before the ReadyForQuery that says 'E' arrives.
    expect(['T', 'E']).toContain(client.getTransactionStatus());
  } finally {
    client.release();
  }
}

describe('the connection pool never hands out a connection inside a transaction (issue 15, finding 2)', () => {
  it('without the guard, the next borrower of a dirty connection fails (the failure this prevents)', async () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 });
    try {
      await releaseInsideFailedTransaction(pool);
      await expect(pool.query('SELECT 1 AS ok')).rejects.toThrow(/current transaction is aborted/);
    } finally {
      await pool.end();
    }
  });

  it('rolls a connection back before reuse, whether released in a failed or an open transaction', async () => {
    const pool = new TransactionSafePool({ connectionString: testDatabaseUrl(), max: 1 });
    try {
      await releaseInsideFailedTransaction(pool);
      expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      const client = await pool.connect();
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE left_open (x int)');
      client.release();
      const next = await pool.connect();
      expect(next.getTransactionStatus()).toBe('I');
      // The open transaction was rolled back, not committed: its table is gone.
      expect((await next.query(`SELECT to_regclass('pg_temp.left_open') AS t`)).rows).toEqual([{ t: null }]);
      next.release();
    } finally {
      await pool.end();
    }
  });

  it("is TypeORM's pool: a query runner released after a failed statement leaves the next query working", async () => {
    const config = loadConfig(testEnv({ DATABASE_POOL_SIZE: '1' }));
    const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
    try {
      const runner = dataSource.createQueryRunner();
      await runner.query('BEGIN');
      await expect(runner.query('SELECT $1::jsonb', ['{"a": "\\u0000"}'])).rejects.toThrow();
      await runner.release();
      expect(await dataSource.query('SELECT 2 AS ok')).toEqual([{ ok: 2 }]);
    } finally {
      await dataSource.destroy();
    }
  });
});
