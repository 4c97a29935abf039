import { Check, problem } from './schema';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** True when `value` is an RFC 3339 date-time with a real calendar date, a valid time and an explicit offset. */
export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , , oh, om] = m;
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!));
  const sameDay = date.getUTCFullYear() === +y! && date.getUTCMonth() === +mo! - 1 && date.getUTCDate() === +d!;
  const timeOk = +h! <= 23 && +mi! <= 59 && +s! <= 59;
  const offsetOk = oh === undefined || (+oh <= 23 && +om! <= 59);
  return sameDay && timeOk && offsetOk;
}

/**
 * `createdAtWithMilliseconds`: exactly three fractional digits and an explicit offset. Both `...57.123Z` and
 * `...57.123+00:00` are seen in samples (docs/dfo-contract.md b.2), so both are accepted; no fraction, or a fraction of
 * another length, is refused, since the field's name promises milliseconds.
 */
export function dateTimeWithMilliseconds(): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') return problem(out, path, 'This value should be of type string.', 'INVALID_TYPE');
    const millis = /T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/.test(value);
    if (!millis || !isRfc3339(value)) {
      problem(out, path, 'This value is not a valid datetime with milliseconds (expected e.g. 2025-07-25T20:05:57.123Z).', 'INVALID_DATETIME');
    }
  };
}

/** An OpenAPI `date-time` (RFC 3339) with an explicit offset; the fraction is optional. */
export function dateTime(): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') return problem(out, path, 'This value should be of type string.', 'INVALID_TYPE');
    if (!isRfc3339(value)) problem(out, path, 'This value is not a valid datetime (expected RFC 3339, e.g. 2025-07-25T20:07:00.000Z).', 'INVALID_DATETIME');
  };
}
