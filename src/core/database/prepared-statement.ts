import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A statement of the hot paths that Postgres parses and plans once per connection instead of on every call (a named
 * prepared statement of the `pg` driver). For the big CTEs of the message path, parsing and planning cost more than
 * running them. The name is derived from the text, so a changed statement is a new one.
 *
 * `run` joins the caller's transaction when `manager` is in one (its connection), else takes any pooled connection:
 * outside a transaction the statement commits on its own. It goes to the `pg` driver directly, below TypeORM.
 */
export class PreparedStatement<Row extends QueryResultRow = Record<string, unknown>> {
  readonly name: string;

  constructor(readonly text: string) {
    this.name = `bb_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  }

  async run(source: DataSource | EntityManager, values: unknown[]): Promise<QueryResult<Row>> {
    const query = { name: this.name, text: this.text, values };
    const runner = source instanceof EntityManager ? source.queryRunner : undefined;
    if (runner?.isTransactionActive) return ((await runner.connect()) as PoolClient).query<Row>(query);
    const dataSource = source instanceof EntityManager ? source.connection : source;
    return (dataSource.driver as unknown as { master: Pool }).master.query<Row>(query);
  }

  async rows(source: DataSource | EntityManager, values: unknown[]): Promise<Row[]> {
    return (await this.run(source, values)).rows;
  }
}
