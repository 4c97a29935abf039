import { Body, Controller, Get, HttpCode, Options, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SendMessageDto, StartSessionDto, TypingDto } from '../dto/webchat.dto';
import { WebchatCallsService } from '../sessions/webchat-calls.service';
import { HistoryView, WebchatHistoryService } from '../sessions/webchat-history.service';
import { SessionView, WebchatSessionsService } from '../sessions/webchat-sessions.service';
import { Webchat, WebchatContext, WebchatRoute, WebchatSessionContext } from './webchat-context';
import { WebchatGuard } from './webchat.guard';

/** The web chat HTTP API (docs/architecture.md §6.4). `{channelId}` is the channel's DFO channel id. */
@ApiTags('webchat')
@Controller('webchat/:channelId')
@UseGuards(WebchatGuard)
export class WebchatController {
  constructor(
    private readonly sessions: WebchatSessionsService,
    private readonly calls: WebchatCallsService,
    private readonly histories: WebchatHistoryService,
  ) {}

  @Post('sessions')
  @ApiOperation({ summary: 'Start a session (201), or resume one with Authorization: Bearer <sessionToken> (200)' })
  @WebchatRoute({ session: 'optional', limit: 'session' })
  async start(@Webchat() ctx: WebchatContext, @Body() dto: StartSessionDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView> {
    const { resumed, view } = await this.sessions.start(ctx, dto.endUser);
    reply.status(resumed ? 200 : 201);
    return view;
  }

  @Post('messages')
  @ApiBearerAuth('webchat-session')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a message; a retry with the same clientMessageId is a no-op' })
  @WebchatRoute({ session: 'bearer', limit: 'message' })
  send(@Webchat() ctx: WebchatSessionContext, @Body() dto: SendMessageDto): Promise<{ id: string }> {
    return this.calls.sendMessage(ctx, dto);
  }

  @Post('typing')
  @ApiBearerAuth('webchat-session')
  @HttpCode(204)
  @WebchatRoute({ session: 'bearer', limit: 'action' })
  async typing(@Webchat() ctx: WebchatSessionContext, @Body() dto: TypingDto): Promise<void> {
    await this.calls.signal(ctx, { kind: 'typing', on: dto.on });
  }

  @Post('heartbeat')
  @ApiBearerAuth('webchat-session')
  @HttpCode(204)
  @ApiOperation({ summary: "The visitor is still there (the widget's \"I'm still here\"): cancels an idle countdown" })
  @WebchatRoute({ session: 'bearer', limit: 'action' })
  async heartbeat(@Webchat() ctx: WebchatSessionContext): Promise<void> {
    await this.calls.signal(ctx, { kind: 'heartbeat' });
  }

  @Post('leave')
  @ApiBearerAuth('webchat-session')
  @HttpCode(204)
  @ApiOperation({ summary: 'The visitor left the page; also takes a text/plain {"token"} body from navigator.sendBeacon' })
  @WebchatRoute({ session: 'beacon', limit: 'action' })
  async leave(@Webchat() ctx: WebchatSessionContext): Promise<void> {
    await this.calls.signal(ctx, { kind: 'leave' });
  }

  @Get('history')
  @ApiBearerAuth('webchat-session')
  @ApiOperation({ summary: "The conversation's messages and state" })
  @WebchatRoute({ session: 'bearer', limit: 'action' })
  history(@Webchat() ctx: WebchatSessionContext): Promise<HistoryView> {
    return this.histories.history(ctx);
  }

  /** CORS preflight: the guard has set the headers for an allowed origin (and refused a foreign one). */
  @Options(':endpoint')
  @HttpCode(204)
  @WebchatRoute({ session: 'none', limit: 'none' })
  preflight(): void {}
}
