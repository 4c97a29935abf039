/**
 * Preloaded into a measured process (`node --require dist/bench/sql-counter.js ...`): counts every SQL statement the
 * `pg` driver sends, and the transactions they make up. A statement outside BEGIN … COMMIT is a transaction of its
 * own (autocommit); BEGIN, COMMIT and ROLLBACK count as statements too. The bench asks for the counts over IPC
 * (`{type: 'sql-counts'}`) and resets them (`{type: 'sql-reset'}`). Nothing else of the process is touched.
 */
import { Client } from 'pg';

interface Counts {
  statements: number;
  transactions: number;
  byVerb: Record<string, number>;
}

let counts: Counts = { statements: 0, transactions: 0, byVerb: {} };
const inTransaction = new WeakSet<Client>();

function count(client: Client, text: string): void {
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '?';
  counts.statements += 1;
  counts.byVerb[verb] = (counts.byVerb[verb] ?? 0) + 1;
  if (verb === 'BEGIN' || verb === 'START') {
    inTransaction.add(client);
    counts.transactions += 1;
  } else if (verb === 'COMMIT' || verb === 'ROLLBACK' || verb === 'END') {
    inTransaction.delete(client);
  } else if (!inTransaction.has(client)) {
    counts.transactions += 1;
  }
}

type Query = (this: Client, ...args: unknown[]) => unknown;
const original = Client.prototype.query as unknown as Query;
(Client.prototype as unknown as { query: Query }).query = function (this: Client, ...args: unknown[]): unknown {
  const config = args[0];
  const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
  if (typeof text === 'string') count(this, text);
  return original.apply(this, args);
};

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'sql-reset') counts = { statements: 0, transactions: 0, byVerb: {} };
  if (message?.type === 'sql-counts') process.send?.({ type: 'sql-counts', counts });
});
