import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable, FieldProblem } from './domain-error';

export const CORE_ERRORS = errorTable({
  'VALIDATION.FAILED': HttpStatus.BAD_REQUEST,
  'REQUEST.MALFORMED': HttpStatus.BAD_REQUEST,
  'REQUEST.INVALID_DATA': HttpStatus.BAD_REQUEST,
  'REQUEST.TOO_LARGE': HttpStatus.PAYLOAD_TOO_LARGE,
  'REQUEST.URI_TOO_LONG': HttpStatus.URI_TOO_LONG,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  'ROUTE.NOT_FOUND': HttpStatus.NOT_FOUND,
  'METHOD.NOT_ALLOWED': HttpStatus.METHOD_NOT_ALLOWED,
  'AUTH.UNAUTHENTICATED': HttpStatus.UNAUTHORIZED,
  'AUTH.FORBIDDEN': HttpStatus.FORBIDDEN,
  'RATE.LIMITED': HttpStatus.TOO_MANY_REQUESTS,
  'CONFLICT': HttpStatus.CONFLICT,
  'INTERNAL': HttpStatus.INTERNAL_SERVER_ERROR,
  'UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
});
export type CoreErrorCode = keyof typeof CORE_ERRORS;

export class CoreError extends DomainError {
  constructor(code: CoreErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, CORE_ERRORS[code], message, details);
  }
}

export class ValidationFailedError extends CoreError {
  constructor(errors: FieldProblem[]) {
    const first = errors[0];
    super('VALIDATION.FAILED', first ? `${first.field}: ${first.message}` : 'The request is not valid', {
      field: first?.field,
      errors,
    });
  }
}
