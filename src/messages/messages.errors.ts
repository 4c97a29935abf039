import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable } from '../core/errors/domain-error';

/**
 * Errors of the messaging core. `MESSAGE.NOT_FOUND` and `MESSAGE.CONTEXT_MISSING` are raised inside delivery handlers
 * (a row whose message or channel is gone): as `DomainError`s they are final for the outbox, no retry.
 */
export const MESSAGES_ERRORS = errorTable({
  'THREAD.UNKNOWN_TO_INTEGRATION': HttpStatus.NOT_FOUND,
  'THREAD.PLATFORM_ID_TAKEN': HttpStatus.CONFLICT,
  'OUTBOUND.NOT_SUPPORTED': HttpStatus.BAD_REQUEST,
  'MESSAGE.NOT_FOUND': HttpStatus.NOT_FOUND,
  'MESSAGE.CONTEXT_MISSING': HttpStatus.CONFLICT,
});
export type MessagesErrorCode = keyof typeof MESSAGES_ERRORS;

export class MessagesError extends DomainError {
  constructor(code: MessagesErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, MESSAGES_ERRORS[code], message, details);
  }
}

export const unknownThread = (threadRef: string) =>
  new MessagesError('THREAD.UNKNOWN_TO_INTEGRATION', `Thread "${threadRef}" is unknown on this channel and the request names no endUserRecipients to start it with`, {
    field: 'thread.idOnExternalPlatform',
  });
