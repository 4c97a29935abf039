import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { bearerToken, WebchatSession, WebchatSessionTokens } from '../../platform-adapters/webchat/webchat-session-tokens';
import { normalizeOrigin, readWebchatConfig } from '../../platform-adapters/webchat/webchat-config';
import { WebchatError } from '../../platform-adapters/webchat/webchat.errors';
import { StreamTickets } from '../sse/stream-tickets';
import { corsHeaders, decideOrigin } from './webchat-cors';
import { attachContext, LimitKind, SessionMode, WEBCHAT_ROUTE, WebchatRouteOptions } from './webchat-context';
import { WebchatRateLimits } from './webchat-rate-limits';

/**
 * Every web chat API route passes here, in this order: the channel (a live web chat channel, else 404), the origin
 * (CORS headers for an allowed one, 403 for a foreign one), the session token, and the rate limit. CORS headers are
 * set first so that a browser on an allowed site can read even the error answers.
 */
@Injectable()
export class WebchatGuard implements CanActivate {
  private readonly publicOrigin: string | null;

  constructor(
    private readonly reflector: Reflector,
    private readonly directory: ChannelDirectory,
    private readonly tokens: WebchatSessionTokens,
    private readonly limits: WebchatRateLimits,
    private readonly tickets: StreamTickets,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.publicOrigin = normalizeOrigin(config.app.publicBaseUrl);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.get<WebchatRouteOptions>(WEBCHAT_ROUTE, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const params = request.params as { channelId?: string };
    // The widget loads from customers' sites: this API (and widget.js) is the one place for cross-origin reads.
    reply.header('cross-origin-resource-policy', 'cross-origin');

    const channel = await this.directory.findByDfoChannelId(params.channelId ?? '');
    if (!channel || channel.adapter !== 'webchat' || channel.status !== 'active') {
      throw new WebchatError('WEBCHAT.CHANNEL_NOT_FOUND', 'No web chat channel with this id');
    }
    const adapterChannel = this.directory.adapterChannel(channel);
    const config = readWebchatConfig(adapterChannel.config);
    this.checkOrigin(request, reply, config.allowedOrigins);

    const token = this.tokenOf(request, options.session);
    let session: WebchatSession | null = null;
    if (token) session = this.tokens.verify(token, channel.id);
    else if (options.session === 'stream') session = await this.tickets.redeem(this.ticketOf(request), channel.id);
    else if (options.session !== 'optional' && options.session !== 'none') {
      throw new WebchatError('WEBCHAT.SESSION_REQUIRED', 'A session token is required (Authorization: Bearer <sessionToken>)');
    }
    this.limit(options.limit, request, reply, channel.id, session);
    attachContext(request, { channel, adapterChannel, config, session, token });
    return true;
  }

  private checkOrigin(request: FastifyRequest, reply: FastifyReply, allowlist: string[]): void {
    reply.header('vary', 'Origin');
    const own = [normalizeOrigin(`${request.protocol}://${request.host}`), this.publicOrigin].filter((o): o is string => o !== null);
    const decision = decideOrigin(request.headers.origin, allowlist, own);
    if (decision.kind === 'foreign') throw new WebchatError('WEBCHAT.ORIGIN_FORBIDDEN', 'This site is not allowed to use this web chat channel');
    if (decision.kind === 'allowed') reply.headers(corsHeaders(decision.origin, request.method === 'OPTIONS'));
  }

  private tokenOf(request: FastifyRequest, mode: SessionMode): string | null {
    if (mode === 'none') return null;
    const fromHeader = bearerToken(request.headers.authorization);
    if (fromHeader || mode !== 'beacon') return fromHeader;
    return beaconToken(request.body);
  }

  /**
   * `?ticket=` of a stream. A session token in the URL (`?token=`, as before stream tickets) is refused, so that it
   * stops reaching logs and proxies; the message says what to do instead.
   */
  private ticketOf(request: FastifyRequest): string {
    const query = (request.query ?? {}) as Record<string, unknown>;
    if (typeof query.ticket === 'string' && query.ticket.length > 0) return query.ticket;
    const hint = query.token !== undefined ? 'A session token is not accepted in the URL; ' : '';
    throw new WebchatError(
      'WEBCHAT.SESSION_REQUIRED',
      `${hint}open the stream with ?ticket= from POST /webchat/{channelId}/stream-ticket, or with Authorization: Bearer <sessionToken>`,
    );
  }

  private limit(kind: LimitKind, request: FastifyRequest, reply: FastifyReply, channelId: string, session: WebchatSession | null): void {
    if (kind === 'none') return;
    const key = kind === 'session' || !session ? `ip:${request.ip}` : `${channelId}:${session.endUserId}`;
    const result = this.limits.take(kind, key);
    if (result.ok) return;
    reply.header('retry-after', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))));
    throw new WebchatError('WEBCHAT.RATE_LIMITED', 'Too many requests for this session; slow down');
  }
}

/** `navigator.sendBeacon` posts `{"token": "..."}` as text/plain (a header cannot be set, and JSON would need a preflight). */
export function beaconToken(body: unknown): string | null {
  let value: unknown = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      value = JSON.parse(body.toString());
    } catch {
      return null;
    }
  }
  const token = typeof value === 'object' && value !== null ? (value as { token?: unknown }).token : undefined;
  return typeof token === 'string' && token.length > 0 && token.length < 4096 ? token : null;
}
