import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SECURITY } from '../../core/http/openapi';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebchatStreamsService } from '../sse/webchat-streams.service';
import { Webchat, WebchatRoute, WebchatSessionContext } from './webchat-context';
import { WebchatGuard } from './webchat.guard';
import { ApiWebchatRoute } from './webchat-openapi';

@ApiTags('webchat')
@ApiWebchatRoute()
@Controller('webchat/:channelId')
@UseGuards(WebchatGuard)
export class WebchatEventsController {
  constructor(private readonly streams: WebchatStreamsService) {}

  /** `?token=` because EventSource cannot set headers; `Last-Event-ID` (or `?lastEventId=`) replays what was missed. */
  @Get('events')
  @ApiOperation({ summary: 'Server-Sent Events: message, typing, status, idle_warning, resumed, closed' })
  @ApiSecurity(SECURITY.webchatSessionQuery) // `?token=`: EventSource cannot send headers
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The event stream; it stays open' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired session token' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Replay from after this event id (the Last-Event-ID header wins)' })
  @WebchatRoute({ session: 'query', limit: 'action' })
  events(@Webchat() ctx: WebchatSessionContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.streams.open(ctx, request, reply);
  }
}
