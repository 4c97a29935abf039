import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { CoreError } from '../core/errors/core.errors';
import { parseIp } from '../core/net/ip-address';
import { specialKind } from '../core/net/special-ranges';

/** The emulator's unauthenticated surfaces: its test API (which can repoint integrations) and the agent console. */
const LOCAL_ONLY_PREFIXES = ['/sandbox/_emulator', '/sandbox/agent'];

/**
 * Keeps the emulator's test API and agent console to loopback clients unless `SANDBOX_PUBLIC=true` (architecture.md
 * §7). The client is `request.ip`: the socket's peer, or, only when that peer is one of `TRUSTED_PROXIES`, the
 * address the proxy reports; a forwarded header from anyone else changes nothing. The decision is made on the route
 * that matched, not on the raw URL, so no spelling of the path (`%5F`, `//`) slips past it.
 */
@Injectable()
export class SandboxAccess implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.app.sandboxPublic) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request, reply) => {
      if (!isLocalOnly(request) || isLoopback(request.ip)) return;
      const error = new CoreError('AUTH.FORBIDDEN', 'The sandbox test API and agent console answer loopback clients only (set SANDBOX_PUBLIC=true to open them)');
      await reply.code(error.status).header('content-type', 'application/json; charset=utf-8').send(error.responseBody(String(request.id)));
      return reply;
    });
  }
}

function isLocalOnly(request: FastifyRequest): boolean {
  const route = request.routeOptions?.url;
  return route !== undefined && LOCAL_ONLY_PREFIXES.some((prefix) => route === prefix || route.startsWith(`${prefix}/`));
}

export function isLoopback(address: string | undefined): boolean {
  const parsed = address ? parseIp(address) : null;
  return parsed !== null && specialKind(parsed) === 'loopback';
}

