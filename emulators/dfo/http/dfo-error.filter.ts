import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DfoApiError, dfoErrorBody, DfoErrorItem } from './dfo-api.error';

/**
 * Renders every error of the emulated DFO API in DFO's format, `{errors: [{field, message}], uid}`, instead of our
 * own `{statusCode, code, ...}` (that one is for byoc-bridge's API). Unknown failures are logged and answered 500
 * in the same format, with the uid to find them in the log.
 */
@Catch()
export class DfoErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('SandboxDfo');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const uid = String(request?.id ?? randomUUID());
    const { status, errors } = this.describe(exception, uid);
    void reply.status(status).send(dfoErrorBody(errors, uid));
  }

  private describe(exception: unknown, uid: string): { status: number; errors: DfoErrorItem[] } {
    if (exception instanceof DfoApiError) return { status: exception.status, errors: exception.errors };
    if (exception instanceof HttpException) {
      return { status: exception.getStatus(), errors: [{ message: exception.message, errorCode: 'HTTP_ERROR' }] };
    }
    const framework = exception as { statusCode?: unknown; message?: unknown };
    if (typeof framework?.statusCode === 'number' && framework.statusCode >= 400 && framework.statusCode < 500) {
      return { status: framework.statusCode, errors: [{ message: String(framework.message ?? 'Bad request'), errorCode: 'HTTP_ERROR' }] };
    }
    this.logger.error({ err: exception, uid }, 'Unhandled error in the DFO emulator');
    return { status: 500, errors: [{ message: 'Internal server error.', errorCode: 'INTERNAL' }] };
  }
}
