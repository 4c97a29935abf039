import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable } from '../core/errors/domain-error';
import { DfoApiError } from './dfo.types';

/**
 * Why a DFO call failed, independent of HTTP: callers (the outbox, the action pages) decide from the code.
 * - RETRYABLE: 5xx, timeout or network error after the client's own retries; try again later.
 * - RATE_LIMITED: 429 after the client's own retries; `retryAfterMs` says when.
 * - AUTH_FAILED: the brand's credentials were refused (token endpoint 4xx, or 401/403 after a refresh).
 * - REJECTED: DFO refused the request (400/409/422); `dfoErrors` holds DFO's `errors[]`. Retrying will not help.
 * - NOT_FOUND: the channel, thread or contact does not exist in DFO.
 */
export const DFO_ERRORS = errorTable({
  'DFO.RETRYABLE': HttpStatus.BAD_GATEWAY,
  'DFO.RATE_LIMITED': HttpStatus.BAD_GATEWAY,
  'DFO.AUTH_FAILED': HttpStatus.BAD_GATEWAY,
  'DFO.REJECTED': HttpStatus.BAD_GATEWAY,
  'DFO.NOT_FOUND': HttpStatus.BAD_GATEWAY,
});
export type DfoErrorCode = keyof typeof DFO_ERRORS;
export type DfoErrorKind = 'RETRYABLE' | 'RATE_LIMITED' | 'AUTH_FAILED' | 'REJECTED' | 'NOT_FOUND';

export class DfoError extends DomainError {
  constructor(
    readonly kind: DfoErrorKind,
    message: string,
    readonly extra: { operation?: string; httpStatus?: number; retryAfterMs?: number; dfoErrors?: DfoApiError[] } = {},
  ) {
    super(`DFO.${kind}`, DFO_ERRORS[`DFO.${kind}`], message, { dfoErrors: extra.dfoErrors, operation: extra.operation });
  }

  get retryable(): boolean {
    return this.kind === 'RETRYABLE' || this.kind === 'RATE_LIMITED';
  }
}
