/**
 * When to try an outside call again: the two rules every caller of DFO or a platform shares. What to do with the
 * result (wait in the request, or schedule an outbox retry) stays with the caller.
 */

/**
 * `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from `now`. Unparseable values
 * are ignored rather than trusted; a date in the past means "now".
 */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // All three HTTP date formats start with a day name; Date.parse alone would read "-3" as a year.
  if (!/^[A-Za-z]{3}/.test(raw)) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * Exponential backoff with "equal jitter": retry number `retry` (0 for the first) waits between half and all of
 * `min(maxMs, baseMs * 2^retry)`. The fixed half keeps a backoff a backoff; the random half keeps many callers hit
 * by the same outage from coming back in lockstep.
 */
export function equalJitterBackoffMs(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
