import { HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The base of every error a module raises on purpose. It carries a stable string code (`THREAD.NOT_FOUND`) and the
 * HTTP status from its module's error table, so services never throw HTTP exceptions and the one exception filter
 * renders them all the same way.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
    readonly details: { field?: string; errors?: FieldProblem[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Headers the answer carries (`WWW-Authenticate`, `Retry-After`); none by default. */
  responseHeaders(): Record<string, string> {
    return {};
  }

  /** Overridden by errors whose wire format is fixed by someone else (OAuth's `{error}`). */
  responseBody(correlationId: string): Record<string, unknown> {
    const { field, errors } = this.details;
    return {
      statusCode: this.status,
      code: this.code,
      message: this.message,
      correlationId,
      ...(field !== undefined ? { field } : {}),
      ...(errors !== undefined ? { errors } : {}),
    };
  }
}

/** Declares one module's error table: the compiler checks that every code has a status. */
export function errorTable<C extends string>(table: Record<C, HttpStatus>): Record<C, HttpStatus> {
  return table;
}
