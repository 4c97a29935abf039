import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import { CoreError, CoreErrorCode } from './core.errors';

const STATUS_CODES: Partial<Record<number, CoreErrorCode>> = {
  400: 'REQUEST.MALFORMED',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  405: 'METHOD.NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE.LIMITED',
  503: 'UNAVAILABLE',
};

/** Maps what the framework or Fastify throws (404 routes, body parse errors, throttling) onto our error codes. */
function fromFramework(exception: unknown): DomainError | undefined {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = STATUS_CODES[status];
    const body = exception.getResponse();
    const message = typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : exception.message;
    if (code) return new DomainError(code, status, message);
    return undefined;
  }
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code = STATUS_CODES[fastifyError.statusCode] ?? 'REQUEST.MALFORMED';
    return new DomainError(code, fastifyError.statusCode, fastifyError.message ?? 'Bad request');
  }
  return undefined;
}

/**
 * The single exception filter: `{statusCode, code, message, correlationId}` (plus `field` and `errors` on validation
 * errors). Anything unexpected is logged with an `errorId` and answered 500 with that id and no internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const correlationId = String(request?.id ?? randomUUID());

    const known = exception instanceof DomainError ? exception : fromFramework(exception);
    if (known) {
      if (known.status >= 500) this.logger.error({ err: exception, correlationId, code: known.code }, known.message);
      void reply.headers(known.responseHeaders()).status(known.status).send(known.responseBody(correlationId));
      return;
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, correlationId }, 'Unhandled error');
    const body = new CoreError('INTERNAL', 'Internal error').responseBody(correlationId);
    void reply.status(HttpStatus.INTERNAL_SERVER_ERROR).send({ ...body, errorId });
  }
}
