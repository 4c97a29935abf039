import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable } from '../../core/errors/domain-error';

export const WEBCHAT_ERRORS = errorTable({
  'WEBCHAT.CHANNEL_NOT_FOUND': HttpStatus.NOT_FOUND,
  'WEBCHAT.SESSION_REQUIRED': HttpStatus.UNAUTHORIZED,
  'WEBCHAT.SESSION_INVALID': HttpStatus.UNAUTHORIZED,
  'WEBCHAT.ORIGIN_FORBIDDEN': HttpStatus.FORBIDDEN,
  'WEBCHAT.RATE_LIMITED': HttpStatus.TOO_MANY_REQUESTS,
  'WEBCHAT.TOO_MANY_STREAMS': HttpStatus.TOO_MANY_REQUESTS,
  'WEBCHAT.WIDGET_UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
});
export type WebchatErrorCode = keyof typeof WEBCHAT_ERRORS;

export class WebchatError extends DomainError {
  constructor(code: WebchatErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, WEBCHAT_ERRORS[code], message, details);
  }
}
