import { DfoApiError } from '../http/dfo-api.error';
import { Check, validate } from './schema';

/** Validates a body against a schema and returns it typed, or throws the 400 naming every failing field. */
export function validated<T>(schema: Check, body: unknown): T {
  const problems = validate(schema, body);
  if (problems.length) throw DfoApiError.validation(problems);
  return body as T;
}
