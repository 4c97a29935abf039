import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatorClock } from '../clock';
import { EmulatorSettings } from '../emulator.options';
import { authorizationFingerprint, CallLog } from './call-log';
import { dfoErrorBody } from './dfo-api.error';
import { FaultInjector } from './faults';

type Surface = 'dfo' | 'token';
type SandboxRequest = FastifyRequest & { sandboxFaultId?: number };

const TOKEN_PATHS = new Set(['/auth/token', '/engager/2.0/token']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function parseJson(payload: unknown): unknown {
  if (typeof payload !== 'string' || payload === '') return payload ?? null;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

/**
 * Fastify hooks on the emulated surface (the `/dfo/3.0` API and the token endpoints), which run whatever answers
 * the call, a controller or the framework:
 * - fault injection before the handler (so a faulted create-message creates nothing);
 * - DFO's content-type rule (JSON only) before the handler;
 * - the call log after the answer, with status and bodies;
 * - errors raised before any controller (unknown route, malformed JSON, body too large) are rewritten from the host's
 *   plain error body (the app's filter in sandbox mode, `StandaloneErrorFilter` standalone) into DFO's (or OAuth's on
 *   token endpoints), so the middleware only ever sees DFO's formats.
 */
@Injectable()
export class EmulatorHttpHooks implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly settings: EmulatorSettings,
    private readonly calls: CallLog,
    private readonly faults: FaultInjector,
    private readonly clock: EmulatorClock,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preHandler', (request, reply) => this.beforeHandler(request, reply));
    fastify.addHook('onSend', async (request, reply, payload) => this.onSend(request, reply, payload));
  }

  /** `{surface, path below the emulator root}` for emulated calls, null for everything else (the app, the test API). */
  private classify(url: string): { surface: Surface; path: string; query: string } | null {
    const [rawPath = '', query = ''] = url.split('?', 2);
    const base = this.settings.basePath;
    if (base && !rawPath.startsWith(`${base}/`)) return null;
    const path = rawPath.slice(base.length);
    if (path.startsWith('/dfo/3.0/')) return { surface: 'dfo', path, query };
    if (TOKEN_PATHS.has(path)) return { surface: 'token', path, query };
    return null;
  }

  private async beforeHandler(request: SandboxRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const call = this.classify(request.url);
    if (!call) return undefined;
    const fault = this.faults.take(request.method, call.path);
    if (fault) {
      request.sandboxFaultId = fault.id;
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.retryAfter !== undefined) void reply.header('retry-after', fault.retryAfter);
      if (fault.status !== undefined) {
        const body = fault.body ?? (call.surface === 'token'
          ? { error: 'temporarily_unavailable', error_description: `Injected fault #${fault.id}` }
          : dfoErrorBody([{ message: `Injected fault #${fault.id}.`, errorCode: 'INJECTED_FAULT' }], String(request.id)));
        // An async hook that answers must return the reply, or Fastify would run the handler too.
        return reply.code(fault.status).type('application/json').send(JSON.stringify(body));
      }
    }
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (call.surface === 'dfo' && BODY_METHODS.has(request.method) && contentType !== 'application/json') {
      const body = dfoErrorBody([{ field: 'Content-Type', message: 'The request body must be application/json.', errorCode: 'UNSUPPORTED_MEDIA_TYPE' }], String(request.id));
      return reply.code(415).type('application/json').send(JSON.stringify(body));
    }
    return undefined;
  }

  private onSend(request: SandboxRequest, reply: FastifyReply, payload: unknown): unknown {
    const call = this.classify(request.url);
    if (!call) return payload;
    let responseBody = parseJson(payload);
    let sent = payload;
    if (reply.statusCode >= 400 && isHostErrorBody(responseBody)) {
      responseBody = call.surface === 'token'
        ? { error: 'invalid_request', error_description: responseBody.message }
        : dfoErrorBody([{ message: responseBody.message, errorCode: responseBody.code ?? 'HTTP_ERROR' }], String(request.id));
      sent = JSON.stringify(responseBody);
      void reply.type('application/json');
    }
    this.calls.record({
      at: this.clock.now().toISOString(),
      direction: 'in',
      method: request.method,
      path: call.path,
      query: call.query,
      authorization: authorizationFingerprint(request.headers.authorization),
      requestBody: request.body ?? null,
      status: reply.statusCode,
      responseBody,
      durationMs: Math.round(reply.elapsedTime),
      faultId: request.sandboxFaultId ?? null,
      error: null,
      context: null,
      correlationId: String(request.id),
    });
    return sent;
  }
}

/**
 * The host's plain error body, `{statusCode, message}` (the app adds a `code`), which must not leak onto the emulated
 * surface. DFO and OAuth bodies (from the emulator's own filters, or a fault's chosen body) have neither field.
 */
function isHostErrorBody(body: unknown): body is { statusCode: number; code?: string; message: string } {
  if (typeof body !== 'object' || body === null) return false;
  const { statusCode, message, code } = body as Record<string, unknown>;
  return typeof statusCode === 'number' && typeof message === 'string' && (code === undefined || typeof code === 'string');
}
