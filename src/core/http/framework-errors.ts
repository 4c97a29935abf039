import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoreError } from '../errors/core.errors';

/**
 * Fastify's router refuses some URLs before any route (and so before the exception filter) sees them: an invalid
 * percent-encoding (`%ED%A0%80`, a lone surrogate in UTF-8) and a path parameter over `maxParamLength`. Its own
 * answers echo the whole path; these answer in our error format and echo nothing.
 */
export function frameworkErrors(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new CoreError('REQUEST.URI_TOO_LONG', 'A path parameter is longer than 100 characters')
      : error.code === 'FST_ERR_BAD_URL'
        ? new CoreError('REQUEST.MALFORMED', 'The URL holds an invalid percent-encoded sequence')
        : new CoreError('INTERNAL', 'Internal error');
  void reply.status(refusal.status).send(refusal.responseBody(String(request.id)));
}
