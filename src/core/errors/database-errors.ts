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
  if (!(exception instanceof QueryFailedError)) return undefined;
  const code = (exception.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
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
