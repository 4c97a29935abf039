import type { FastifyReply } from 'fastify';
import { SafeHtml } from './html';

/** What an action page answers: a page, or (after a successful submission) the way back to CXone. */
export type ActionOutcome = { kind: 'page'; status: number; body: SafeHtml } | { kind: 'redirect'; url: string };

export const page = (status: number, body: SafeHtml): ActionOutcome => ({ kind: 'page', status, body });
export const redirect = (url: string): ActionOutcome => ({ kind: 'redirect', url });

/**
 * Writes an outcome. Nothing is cached: the pages carry one-time form tokens. A redirect after a POST is a 303, so
 * the browser follows it with a GET and a reload does not submit again.
 */
export function writeOutcome(reply: FastifyReply, outcome: ActionOutcome): void {
  void reply.header('cache-control', 'no-store');
  if (outcome.kind === 'redirect') {
    void reply.status(303).header('location', outcome.url).send();
    return;
  }
  void reply.status(outcome.status).type('text/html; charset=utf-8').send(outcome.body.value);
}

/**
 * A failure after the one-time token or the form token was verified: the back URL came with it, so the error page
 * may offer a link back to CXone (never for an unverified request, so our error page cannot be used to dress up a
 * link to anywhere).
 */
export class ActionFailure extends Error {
  constructor(
    readonly failure: unknown,
    readonly backUrl: string,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

export async function withBackUrl<T>(backUrl: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new ActionFailure(err, backUrl);
  }
}
