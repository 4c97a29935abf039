import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const HEADER = 'x-correlation-id';
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The standalone app's `genReqId`. The request id is the `uid` of DFO error bodies and the `correlationId` of the
 * call log. A caller's `x-correlation-id` is kept when it looks sane, as the app does in sandbox mode, so both ways
 * of running the emulator label calls alike; otherwise a fresh UUID.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers[HEADER];
  return typeof given === 'string' && SANE.test(given) ? given : randomUUID();
}
