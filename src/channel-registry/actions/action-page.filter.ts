import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromDatabase } from '../../core/errors/database-errors';
import { DomainError } from '../../core/errors/domain-error';
import { ActionFailure, page, writeOutcome } from './action-outcome';
import { errorPage } from './action-pages.html';

const TITLES: Record<string, string> = {
  'VALIDATION.FAILED': 'This link is incomplete',
  'ACTION.NOT_FOUND': 'Nothing to act on here',
  'ACTION.AMBIGUOUS_BRAND': 'This link is ambiguous',
  'ACTION.TOKEN_REFUSED': 'This link cannot be used',
  'ACTION.FORM_REFUSED': 'This form cannot be used',
  'ACTION.DFO_UNAVAILABLE': 'CXone could not be reached',
  'INTEGRATION.CHANNEL_INTEGRATION_ID_MISSING': 'The integration is not set up yet',
  'CHANNEL.DFO_CREATE_FAILED': 'CXone did not accept the channel',
  'CHANNEL.DFO_DELETE_FAILED': 'CXone could not delete the channel',
};

/**
 * The action pages answer a browser, so their errors are HTML pages, not the JSON of the global filter: the same
 * status codes and messages, escaped, with a link back to CXone only when the back URL was verified. Unexpected
 * errors are logged with an error id and shown without internals.
 */
@Catch()
export class ActionPageFilter implements ExceptionFilter {
  private readonly logger = new Logger('ActionPages');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const backUrl = exception instanceof ActionFailure ? exception.backUrl : null;
    const failure = exception instanceof ActionFailure ? exception.failure : exception;
    const error = fromDatabase(failure) ?? failure;
    const correlationId = String(request.id);

    if (error instanceof DomainError) {
      if (error.status >= 500) this.logger.error({ err: error, correlationId, code: error.code }, error.message);
      const view = { status: error.status, title: TITLES[error.code] ?? 'This could not be done', message: error.message };
      writeOutcome(reply, page(error.status, errorPage({ ...view, problems: error.details.errors ?? [], errorId: null, nothingChanged: true, backUrl })));
      return;
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      writeOutcome(reply, page(status, errorPage({ status, title: 'This request cannot be used', message: error.message, problems: [], errorId: null, nothingChanged: true, backUrl })));
      return;
    }
    const errorId = randomUUID();
    this.logger.error({ err: error, errorId, correlationId }, 'Unhandled error on an action page');
    const view = { status: HttpStatus.INTERNAL_SERVER_ERROR, title: 'Something went wrong', message: 'The action could not be completed.' };
    writeOutcome(reply, page(view.status, errorPage({ ...view, problems: [], errorId, nothingChanged: false, backUrl })));
  }
}
