import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

/** An OAuth 2.0 error response (RFC 6749 §5.2): token endpoints do not speak DFO's error format. */
export class OAuthError extends Error {
  constructor(
    readonly status: HttpStatus.BAD_REQUEST | HttpStatus.UNAUTHORIZED,
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}

@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('SandboxDfoAuth');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.header('cache-control', 'no-store');
    if (exception instanceof OAuthError) {
      void reply.status(exception.status).send({ error: exception.error, error_description: exception.description });
      return;
    }
    this.logger.error({ err: exception }, 'Unhandled error in the emulator token endpoint');
    void reply.status(500).send({ error: 'server_error', error_description: 'Internal server error.' });
  }
}
