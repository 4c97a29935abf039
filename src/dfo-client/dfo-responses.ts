import { EGRESS_REFUSED } from '../core/egress/egress-policy';
import { DfoError } from './dfo.errors';
import { DfoApiError } from './dfo.types';
import { DfoExchangeResult } from './transport/dfo-exchange';

/**
 * Turns a final non-2xx answer (after retries) into a `DfoError`, so callers decide from the code and never from
 * an HTTP status. 401/403 only arrive here once a token refresh did not help, or when no refresh is possible.
 */
export function toDfoError(operation: string, result: DfoExchangeResult): DfoError {
  if (result.kind === 'failure') {
    if (result.failure === 'refused') return new DfoError('REJECTED', `DFO ${operation}: ${EGRESS_REFUSED}`, { operation });
    const kind = result.failure === 'too_large' ? 'REJECTED' : 'RETRYABLE';
    return new DfoError(kind, `DFO ${operation} failed after ${result.attempts} attempt(s): ${result.reason}`, { operation });
  }
  const { status, retryAfterMs } = result;
  const extra = { operation, httpStatus: status };
  if (status === 429) return new DfoError('RATE_LIMITED', `DFO rate-limited ${operation}`, { ...extra, retryAfterMs });
  if (status >= 500) return new DfoError('RETRYABLE', `DFO answered ${operation} with ${status} after ${result.attempts} attempt(s)`, { ...extra, retryAfterMs });
  if (status === 401 || status === 403) return new DfoError('AUTH_FAILED', `DFO refused the credentials for ${operation} (${status})`, extra);
  const dfoErrors = parseDfoErrors(result.body);
  if (status === 404) return new DfoError('NOT_FOUND', `DFO found nothing for ${operation}`, { ...extra, dfoErrors });
  return new DfoError('REJECTED', `DFO rejected ${operation} (${status})${summarise(dfoErrors)}`, { ...extra, dfoErrors });
}

/** DFO's `{errors: [{field?, message, parameters?, errorCode?}]}` (d.8); entries without a message are dropped. */
export function parseDfoErrors(body: string): DfoApiError[] | undefined {
  const parsed = tryJson(body);
  const list = isRecord(parsed) && Array.isArray(parsed.errors) ? parsed.errors : undefined;
  if (!list) return undefined;
  const errors = list.filter(isRecord).flatMap((e): DfoApiError[] => {
    if (typeof e.message !== 'string') return [];
    return [{
      message: e.message,
      ...(typeof e.field === 'string' ? { field: e.field } : {}),
      ...(typeof e.errorCode === 'string' ? { errorCode: e.errorCode } : {}),
      ...(isRecord(e.parameters) ? { parameters: e.parameters } : {}),
    }];
  });
  return errors.length > 0 ? errors : undefined;
}

/** DFO's validation messages name fields and rules, never the values sent, so they are safe in an error message. */
function summarise(errors: DfoApiError[] | undefined): string {
  if (!errors) return '';
  const shown = errors.slice(0, 3).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  const more = errors.length > 3 ? ` (+${errors.length - 3} more)` : '';
  return `: ${shown.join('; ')}${more}`.slice(0, 500);
}

/** The JSON body of a 2xx answer; empty means `undefined`, anything unparseable is a broken contract, not a blip. */
export function parseJsonBody(operation: string, body: string): unknown {
  if (body.trim() === '') return undefined;
  const parsed = tryJson(body);
  if (parsed === NOT_JSON) throw new DfoError('REJECTED', `DFO answered ${operation} with a body that is not JSON`, { operation });
  return parsed;
}

const NOT_JSON = Symbol('NOT_JSON');

function tryJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return NOT_JSON;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
