import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { AdapterChannel } from '../../platform-adapters/platform-adapter';
import { WebchatSession } from '../../platform-adapters/webchat/webchat-session-tokens';
import { WebchatConfig } from '../../platform-adapters/webchat/webchat-config';

/** What `WebchatGuard` resolved for one request of the web chat API. */
export interface WebchatContext {
  channel: ChannelEntity;
  adapterChannel: AdapterChannel;
  config: WebchatConfig;
  /** Null only where the route allows no session (starting one, preflights). */
  session: WebchatSession | null;
  /** The session token, when the session came from one (not from a stream ticket). */
  token: string | null;
}

/** A context whose route requires a session token. */
export type WebchatSessionContext = WebchatContext & { session: WebchatSession; token: string };
/** A context whose route requires a session, from a session token or a stream ticket. */
export type WebchatStreamContext = WebchatContext & { session: WebchatSession };

/**
 * How a route takes its session: `bearer` (Authorization header), `optional` (starting or resuming), `stream` (the
 * header, or a one-use `?ticket=` for EventSource, which cannot set headers; never the session token in the URL),
 * `beacon` (the header, or a text/plain body `{"token"}` from `navigator.sendBeacon`), `none` (preflight).
 */
export type SessionMode = 'bearer' | 'optional' | 'stream' | 'beacon' | 'none';
/** Which rate limit a route draws from: sends per session, other calls per session, sessions per client address. */
export type LimitKind = 'message' | 'action' | 'session' | 'none';

export interface WebchatRouteOptions {
  session: SessionMode;
  limit: LimitKind;
}

export const WEBCHAT_ROUTE = 'webchat:route';
export const WebchatRoute = (options: WebchatRouteOptions) => SetMetadata(WEBCHAT_ROUTE, options);

const CONTEXT = Symbol('webchat');
type WithContext = FastifyRequest & { [CONTEXT]?: WebchatContext };

export function attachContext(request: FastifyRequest, context: WebchatContext): void {
  (request as WithContext)[CONTEXT] = context;
}

export function contextOf(request: FastifyRequest): WebchatContext {
  const context = (request as WithContext)[CONTEXT];
  if (!context) throw new Error('WebchatGuard did not run for this route');
  return context;
}

/** The request's `WebchatContext` (set by `WebchatGuard`). */
export const Webchat = createParamDecorator((_data: unknown, ctx: ExecutionContext) => contextOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
