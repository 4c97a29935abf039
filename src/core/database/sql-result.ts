/**
 * TypeORM's `query()` on Postgres (and on PGlite, which the embedded mode reaches through node-postgres) answers an
 * UPDATE or DELETE with `[rows, rowCount]` and anything else with the rows. Reading that answer by hand is how a
 * `DELETE ... RETURNING` once counted the pair instead of the rows, so raw queries read it through these two.
 */
export function returnedRows<T>(result: unknown): T[] {
  return isRowsAndCount(result) ? (result[0] as T[]) : (result as T[]);
}

/** How many rows an UPDATE or DELETE changed, with or without RETURNING. */
export function affectedRows(result: unknown): number {
  return isRowsAndCount(result) ? result[1] : 0;
}

function isRowsAndCount(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}
