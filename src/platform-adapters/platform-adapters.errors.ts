import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable } from '../core/errors/domain-error';

export const PLATFORM_ADAPTER_ERRORS = errorTable({
  'ADAPTER.RETRYABLE': HttpStatus.BAD_GATEWAY,
  'ADAPTER.REJECTED': HttpStatus.BAD_GATEWAY,
  'ADAPTER.AUTH_FAILED': HttpStatus.UNAUTHORIZED,
  'ADAPTER.INVALID_PAYLOAD': HttpStatus.BAD_REQUEST,
  'ADAPTER.UNSUPPORTED': HttpStatus.BAD_REQUEST,
});
export type PlatformAdapterErrorCode = keyof typeof PLATFORM_ADAPTER_ERRORS;
export type PlatformAdapterErrorKind = 'RETRYABLE' | 'REJECTED' | 'AUTH_FAILED' | 'INVALID_PAYLOAD' | 'UNSUPPORTED';

/**
 * A platform call or an inbound request that failed. Inbound, `AUTH_FAILED` answers 401 and `INVALID_PAYLOAD` 400
 * with the field; outbound, the outbox retries `RETRYABLE` (honouring `retryAfterMs`) and gives up on the rest.
 */
export class PlatformAdapterError extends DomainError {
  constructor(
    readonly kind: PlatformAdapterErrorKind,
    message: string,
    extra: { field?: string; retryAfterMs?: number; httpStatus?: number } = {},
  ) {
    super(`ADAPTER.${kind}`, PLATFORM_ADAPTER_ERRORS[`ADAPTER.${kind}`], message, extra);
  }

  get retryable(): boolean {
    return this.kind === 'RETRYABLE';
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs as number | undefined;
  }
}
