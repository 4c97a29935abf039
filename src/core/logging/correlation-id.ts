import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's `genReqId`: accepts the caller's `x-correlation-id` when it looks sane, otherwise makes one. It writes the
 * id back on the raw request, so pino-http (which sees only the raw request) logs the same id.
 */
export function correlationIdFor(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  req.headers[CORRELATION_HEADER] = id;
  return id;
}
