import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable } from '../core/errors/domain-error';

/**
 * Errors of the threads module (threads, lifecycle, support API). A thread or delivery of a brand the caller cannot
 * see is `*.NOT_FOUND`, never a 403, so a brand-scoped key learns nothing about other brands.
 */
export const THREADS_ERRORS = errorTable({
  'THREAD.NOT_FOUND': HttpStatus.NOT_FOUND,
  'THREAD.ALREADY_CLOSED': HttpStatus.CONFLICT,
  'DELIVERY.NOT_FOUND': HttpStatus.NOT_FOUND,
  'DELIVERY.NOT_DEAD': HttpStatus.CONFLICT,
  'CURSOR.INVALID': HttpStatus.BAD_REQUEST,
});
export type ThreadsErrorCode = keyof typeof THREADS_ERRORS;

export class ThreadsError extends DomainError {
  constructor(code: ThreadsErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, THREADS_ERRORS[code], message, details);
  }
}
