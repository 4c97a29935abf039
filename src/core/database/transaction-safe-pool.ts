import { Logger } from '@nestjs/common';
import pg from 'pg';

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

const logger = new Logger('Database');

/**
 * A pg pool that never hands out a connection still inside a transaction. TypeORM swallows a failed ROLLBACK and
 * releases the connection anyway; the next borrower (any request) would then get "current transaction is aborted"
 * until the connection died. Here a connection that comes back in a transaction ('T') or a failed one ('E') is
 * rolled back before it is returned, and dropped when even that fails. The check reads the status Postgres
 * reported with its last ReadyForQuery, so it costs no round trip on a clean release.
 */
export class TransactionSafePool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!callback) {
      return new Promise((resolve, reject) => this.connect((err, client) => (err || !client ? reject(err ?? new Error('No client')) : resolve(client))));
    }
    super.connect((err, client, done) => {
      if (err || !client) return callback(err, client, done);
      const release = releaseClean(client, client.release.bind(client));
      client.release = release;
      callback(undefined, client, release);
    });
  }
}

function releaseClean(client: pg.PoolClient, release: (err?: Error | boolean) => void): (err?: unknown) => void {
  return (err?: unknown) => {
    const status = client.getTransactionStatus();
    if (err) return release(err instanceof Error ? err : true);
    if (status !== 'T' && status !== 'E') return release();
    logger.warn({ transactionStatus: status }, 'A connection came back inside a transaction; rolling it back before reuse');
    client.query('ROLLBACK').then(
      () => release(),
      (rollbackErr: unknown) => release(rollbackErr instanceof Error ? rollbackErr : new Error('ROLLBACK failed')),
    );
  };
}

/** The `pg` module as TypeORM's `driver` option, with the pool above. */
export const transactionSafePg = { ...pg, Pool: TransactionSafePool };
