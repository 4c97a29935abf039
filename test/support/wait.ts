/**
 * The one polling helper of the e2e suite: calls `probe` until it returns something truthy and returns that value.
 * A probe that throws is retried (a server still starting, a row not there yet); at the deadline the error says what
 * was awaited, `what` (a function to describe the state seen last, e.g. what a fake received), and the last error.
 * Prefer waiting for the state that proves the point (an outbox row done, a call in a log) over a fixed sleep.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string | (() => string),
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as T;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const described = typeof what === 'string' ? what : what();
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${described}${last ? `: ${String(last)}` : ''}`);
    }
    await sleep(everyMs);
  }
}

/** A plain pause; for pacing a fake (a slow answer), not for waiting until something happened (`waitFor`). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
