import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { ValidationFailedError } from '../../core/errors/core.errors';
import { CORRELATION_HEADER } from '../../core/logging/correlation-id';
import { WebchatEventRepository } from '../../platform-adapters/webchat/events/webchat-event.repository';
import { WebchatStreamContext } from '../http/webchat-context';
import { formatSseRetry, parseLastEventId } from './sse-framing';
import { SseStream } from './sse-stream';
import { conversationKey, WebchatStreamHub } from './webchat-stream-hub';

const REPLAY_PAGE = 200;
/** How long the browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2000;

/**
 * Opens a conversation's Server-Sent Events stream: registers it (so live events are caught from now on), answers
 * 200 on the raw response, replays what the client missed after its `Last-Event-ID` (or `?lastEventId=`, for a first
 * connection that follows the history), then lets the held-back live events through.
 */
@Injectable()
export class WebchatStreamsService {
  private readonly logger = new Logger(WebchatStreamsService.name);

  constructor(
    private readonly hub: WebchatStreamHub,
    private readonly events: WebchatEventRepository,
  ) {}

  async open(ctx: WebchatStreamContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const lastEventId = this.lastEventIdOf(request);
    const brandId = ctx.channel.brandId;
    const key = { channelId: ctx.channel.id, conversationId: ctx.session.threadId };
    const raw = reply.raw;
    const stream = new SseStream(conversationKey(key), raw, BigInt(lastEventId ?? '0'), (s) => this.hub.remove(s));
    this.hub.add(stream);

    reply.hijack();
    raw.writeHead(200, {
      // What the guard and hooks set (CORS, security headers) would be lost with the hijack otherwise.
      ...definedHeaders(reply.getHeaders()),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
      [CORRELATION_HEADER]: String(request.id),
    });
    raw.write(formatSseRetry(RETRY_MS));
    request.raw.on('close', () => stream.close());
    raw.on('error', () => stream.close());

    try {
      let after = lastEventId;
      while (after !== null && !stream.isClosed) {
        const page = await this.events.listAfter(brandId, key, after, REPLAY_PAGE);
        stream.replay(page.map((e) => ({ id: e.id, type: e.type, data: e.data })));
        after = page.length === REPLAY_PAGE ? page[page.length - 1]!.id : null;
      }
      stream.endReplay();
    } catch (err) {
      // The client reconnects with the same Last-Event-ID and is replayed then.
      this.logger.warn({ err, brandId, channelId: ctx.channel.id }, 'Web chat replay failed; closing the stream');
      stream.close();
    }
  }

  /** The header wins (the browser's own reconnect); the query is for the first connection after the history. */
  private lastEventIdOf(request: FastifyRequest): string | null {
    const header = parseLastEventId(request.headers['last-event-id']);
    if (header !== null) return header;
    const query = (request.query as Record<string, unknown>)?.lastEventId;
    if (query === undefined || query === '') return null;
    const parsed = typeof query === 'string' ? parseLastEventId(query) : null;
    if (parsed === null) throw new ValidationFailedError([{ field: 'lastEventId', message: 'lastEventId must be an event id (digits)' }]);
    return parsed;
  }
}

function definedHeaders(headers: Record<string, string | number | string[] | undefined>): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as OutgoingHttpHeaders;
}
