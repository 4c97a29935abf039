import { HttpStatus } from '@nestjs/common';
import type { Problem } from '../validation/schema';

export interface DfoErrorItem {
  field?: string;
  message: string;
  errorCode?: string;
  parameters?: Record<string, unknown>;
}

/**
 * An error the emulated DFO API answers with, in DFO's `ApiErrorCollection` format (docs/dfo-contract.md d.8):
 * `{errors: [{field, message, parameters, errorCode}], uid}`. Rendered by `DfoErrorFilter`.
 */
export class DfoApiError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly errors: DfoErrorItem[],
  ) {
    super(errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '));
    this.name = 'DfoApiError';
  }

  static validation(problems: Problem[]): DfoApiError {
    return new DfoApiError(HttpStatus.BAD_REQUEST, problems);
  }

  static badRequest(field: string, message: string, errorCode: string): DfoApiError {
    return new DfoApiError(HttpStatus.BAD_REQUEST, [{ field, message, errorCode }]);
  }

  static notFound(field: string, message: string): DfoApiError {
    return new DfoApiError(HttpStatus.NOT_FOUND, [{ field, message, errorCode: 'NOT_FOUND' }]);
  }

  static unauthorized(message: string): DfoApiError {
    return new DfoApiError(HttpStatus.UNAUTHORIZED, [{ field: 'Authorization', message, errorCode: 'UNAUTHORIZED' }]);
  }
}

/** The wire body; `parameters` is always present, as in DFO's examples. */
export function dfoErrorBody(errors: DfoErrorItem[], uid: string): { errors: Array<Required<Pick<DfoErrorItem, 'message' | 'parameters'>> & DfoErrorItem>; uid: string } {
  return { errors: errors.map((e) => ({ ...e, parameters: e.parameters ?? {} })), uid };
}
