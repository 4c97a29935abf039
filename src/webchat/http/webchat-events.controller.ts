import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StreamTickets } from '../sse/stream-tickets';
import { WebchatStreamsService } from '../sse/webchat-streams.service';
import { Webchat, WebchatRoute, WebchatSessionContext, WebchatStreamContext } from './webchat-context';
import { WebchatGuard } from './webchat.guard';
import { ApiWebchatRoute } from './webchat-openapi';

@ApiTags('webchat')
@ApiWebchatRoute()
@Controller('webchat/:channelId')
@UseGuards(WebchatGuard)
export class WebchatEventsController {
  constructor(
    private readonly streams: WebchatStreamsService,
    private readonly tickets: StreamTickets,
  ) {}

  /** EventSource cannot send the session token as a header, and a URL is no place for it: a one-use ticket goes there. */
  @Post('stream-ticket')
  @HttpCode(200)
  @ApiBearerAuth('webchat-session')
  @ApiOperation({ summary: 'A ticket for one events stream: valid 60 s, used once (GET events?ticket=)' })
  @WebchatRoute({ session: 'bearer', limit: 'action' })
  ticket(@Webchat() ctx: WebchatSessionContext): { ticket: string; expiresAt: Date } {
    return this.tickets.issue(ctx.session);
  }

  /** `?ticket=` (or the Authorization header); `Last-Event-ID` (or `?lastEventId=`) replays what was missed. */
  @Get('events')
  @ApiBearerAuth('webchat-session')
  @ApiOperation({ summary: 'Server-Sent Events: message, typing, status, idle_warning, resumed, closed' })
  @ApiQuery({ name: 'ticket', required: false, description: 'A stream ticket (POST stream-ticket); or send Authorization: Bearer <sessionToken>' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The event stream; it stays open' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired stream ticket or session token' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Replay from after this event id (the Last-Event-ID header wins)' })
  @WebchatRoute({ session: 'stream', limit: 'action' })
  events(@Webchat() ctx: WebchatStreamContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.streams.open(ctx, request, reply);
  }
}
