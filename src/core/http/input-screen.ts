import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationFailedError } from '../errors/core.errors';
import { FieldProblem } from '../errors/domain-error';
import { findInputProblem, INPUT_LIMITS } from './input-limits';

const REFUSAL_KEY = 'refuseInput';

/** Builds the error a route answers a refused input with. */
export type InputRefusal = (problem: FieldProblem) => Error;

/**
 * For a route whose error format someone else fixed (OAuth's `{"error": "invalid_request"}`): the error that a
 * refused input becomes there, instead of our usual `VALIDATION.FAILED`.
 */
export function RefuseInputWith(refusal: InputRefusal): MethodDecorator {
  return RouteConfig({ [REFUSAL_KEY]: refusal });
}

/**
 * The first problem in a request's path parameters (all ids), query or parsed body (JSON, form or text), with the
 * field named as a JSON path; null when the request is fit to reach a route.
 */
export function screenRequest(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): FieldProblem | null {
  return (
    findInputProblem(request.params, '', INPUT_LIMITS, true) ??
    findInputProblem(request.query, '', INPUT_LIMITS) ??
    findInputProblem(request.body, typeof request.body === 'string' ? 'body' : '', INPUT_LIMITS)
  );
}

/**
 * Screens every request once, at the edge, after Fastify has parsed it and before any guard, pipe or handler sees
 * it: NUL characters, lone surrogates, over-long strings and ids and over-deep documents are refused with a 400
 * that names the field, so that no route can store half of such a request or fail on it with a 500. The body is
 * only read, never changed: adapters that verify a signature over the raw bytes still see exactly what was sent.
 */
export function registerInputScreen(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    const problem = screenRequest(request);
    if (!problem) return;
    const refusal = (request.routeOptions.config as { [REFUSAL_KEY]?: InputRefusal } | undefined)?.[REFUSAL_KEY];
    throw refusal ? refusal(problem) : new ValidationFailedError([problem]);
  });
}
