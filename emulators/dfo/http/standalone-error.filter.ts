import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The standalone app's global filter, for what no controller filter answers: unknown routes, bodies Fastify could
 * not parse, anything that failed outside the emulated API. It answers a plain `{statusCode, message, requestId}`;
 * on the emulated surface (`/dfo/3.0`, token endpoints) `EmulatorHttpHooks` turns that into DFO's or OAuth's format,
 * exactly as it does with the app's own error body in sandbox mode.
 */
@Catch()
export class StandaloneErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('SandboxDfo');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const requestId = String(host.switchToHttp().getRequest<FastifyRequest>()?.id ?? '');
    const { statusCode, message } = describe(exception);
    if (statusCode >= 500) this.logger.error({ err: exception, requestId }, 'Unhandled error in the DFO emulator');
    void reply.status(statusCode).send({ statusCode, message, requestId });
  }
}

function describe(exception: unknown): { statusCode: number; message: string } {
  if (exception instanceof HttpException) return { statusCode: exception.getStatus(), message: exception.message };
  const framework = exception as { statusCode?: unknown; message?: unknown };
  if (typeof framework?.statusCode === 'number' && framework.statusCode >= 400 && framework.statusCode < 500) {
    return { statusCode: framework.statusCode, message: String(framework.message ?? 'Bad request') };
  }
  return { statusCode: 500, message: 'Internal server error.' };
}
