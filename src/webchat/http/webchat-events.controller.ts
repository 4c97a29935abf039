import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebchatStreamsService } from '../sse/webchat-streams.service';
import { Webchat, WebchatRoute, WebchatSessionContext } from './webchat-context';
import { WebchatGuard } from './webchat.guard';

@ApiTags('webchat')
@Controller('webchat/:channelId')
@UseGuards(WebchatGuard)
export class WebchatEventsController {
  constructor(private readonly streams: WebchatStreamsService) {}

  /** `?token=` because EventSource cannot set headers; `Last-Event-ID` (or `?lastEventId=`) replays what was missed. */
  @Get('events')
  @ApiOperation({ summary: 'Server-Sent Events: message, typing, status, idle_warning, resumed, closed' })
  @ApiQuery({ name: 'token', description: 'The session token (EventSource cannot send headers)' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Replay from after this event id (the Last-Event-ID header wins)' })
  @WebchatRoute({ session: 'query', limit: 'action' })
  events(@Webchat() ctx: WebchatSessionContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.streams.open(ctx, request, reply);
  }
}
