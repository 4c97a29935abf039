import { QueryFailedError } from 'typeorm';
import { CoreError } from './core.errors';

/**
 * Postgres codes that mean "this value cannot be stored", not "the service is broken": class 22 (data exceptions:
 * NUL in text, bad Unicode escapes in jsonb, numbers out of range, invalid dates), 54000 (an index row too large)
 * and 54001 (a document nested too deep for the parser).
 */
export function isDataError(code: unknown): boolean {
  return typeof code === 'string' && (code.startsWith('22') || code === '54000' || code === '54001');
}

/** The Postgres error code of a failed query, if it is one. */
export function postgresCode(exception: unknown): string | undefined {
  // TypeORM wraps the driver's error; the hot paths' prepared statements (core/database/prepared-statement.ts) go to
  // the pg driver directly, whose errors carry Postgres' SQLSTATE and severity themselves.
  const error = exception instanceof QueryFailedError ? (exception.driverError as unknown) : exception;
  if (!(error instanceof Error)) return undefined;
  const { code, severity } = error as Error & { code?: unknown; severity?: unknown };
  if (exception === error && typeof severity !== 'string') return undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * The backstop behind the input screen (core/http): a data error that still reaches the database answers 400, not
 * 500. The answer names no value; the caller's transaction has rolled back, so nothing of the request is stored.
 */
export function fromDatabase(exception: unknown): CoreError | undefined {
  const code = postgresCode(exception);
  if (!isDataError(code)) return undefined;
  return new CoreError('REQUEST.INVALID_DATA', 'A value in the request cannot be stored (invalid text, number, date or size)', { postgresCode: code });
}
