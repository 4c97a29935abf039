import { QueryFailedError } from 'typeorm';

/** Whether a statement failed on the named constraint (unique index, foreign key, check). */
export function violatesConstraint(err: unknown, constraint: string): boolean {
  return err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint === constraint;
}
