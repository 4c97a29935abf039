import { Body, Controller, Get, HttpCode, Options, Post, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiExcludeEndpoint, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiOptionalSecurity, SECURITY } from '../../core/http/openapi';
import type { FastifyReply } from 'fastify';
import { SendMessageDto, StartSessionDto, TypingDto } from '../dto/webchat.dto';
import { WebchatCallsService } from '../sessions/webchat-calls.service';
import { WebchatHistoryService } from '../sessions/webchat-history.service';
import type { WebchatHistory } from '../webchat.wire';
import { SessionView, WebchatSessionsService } from '../sessions/webchat-sessions.service';
import { Webchat, WebchatContext, WebchatRoute, WebchatSessionContext } from './webchat-context';
import { WebchatGuard } from './webchat.guard';
import { ApiWebchatRoute } from './webchat-openapi';

/** The web chat HTTP API (docs/architecture.md §6.4). `{channelId}` is the channel's DFO channel id. */
@ApiTags('webchat')
@ApiWebchatRoute()
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
  @ApiOptionalSecurity(SECURITY.webchatSession)
  @ApiCreatedResponse({ description: 'A new session: {sessionToken, threadId, endUserId, widget}' })
  @ApiOkResponse({ description: 'The session resumed (same fields)' })
  @ApiUnauthorizedResponse({ description: 'The token given to resume is invalid, expired or of another channel' })
  @WebchatRoute({ session: 'optional', limit: 'session' })
  async start(@Webchat() ctx: WebchatContext, @Body() dto: StartSessionDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView> {
    const { resumed, view } = await this.sessions.start(ctx, dto.endUser);
    reply.status(resumed ? 200 : 201);
    return view;
  }

  @Post('messages')
  @ApiBearerAuth(SECURITY.webchatSession)
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired session token' })
  @HttpCode(202)
  @ApiAcceptedResponse({ description: '{id}: stored, on its way to the agent' })
  @ApiOperation({ summary: 'Send a message; a retry with the same clientMessageId is a no-op' })
  @WebchatRoute({ session: 'bearer', limit: 'message' })
  send(@Webchat() ctx: WebchatSessionContext, @Body() dto: SendMessageDto): Promise<{ id: string }> {
    return this.calls.sendMessage(ctx, dto);
  }

  @Post('typing')
  @ApiBearerAuth(SECURITY.webchatSession)
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired session token' })
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'The visitor is typing (on: true) or stopped (on: false)' })
  @WebchatRoute({ session: 'bearer', limit: 'action' })
  async typing(@Webchat() ctx: WebchatSessionContext, @Body() dto: TypingDto): Promise<void> {
    await this.calls.signal(ctx, { kind: 'typing', on: dto.on });
  }

  @Post('heartbeat')
  @ApiBearerAuth(SECURITY.webchatSession)
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired session token' })
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: "The visitor is still there (the widget's \"I'm still here\"): cancels an idle countdown" })
  @WebchatRoute({ session: 'bearer', limit: 'action' })
  async heartbeat(@Webchat() ctx: WebchatSessionContext): Promise<void> {
    await this.calls.signal(ctx, { kind: 'heartbeat' });
  }

  @Post('leave')
  @ApiBearerAuth(SECURITY.webchatSession)
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired session token' })
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'The visitor left the page; also takes a text/plain {"token"} body from navigator.sendBeacon' })
  @WebchatRoute({ session: 'beacon', limit: 'action' })
  async leave(@Webchat() ctx: WebchatSessionContext): Promise<void> {
    await this.calls.signal(ctx, { kind: 'leave' });
  }

  @Get('history')
  @ApiOkResponse({ description: "{messages, status, ...}: the conversation so far" })
  @ApiBearerAuth(SECURITY.webchatSession)
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired session token' })
  @ApiOperation({ summary: "The conversation's messages and state" })
  @WebchatRoute({ session: 'bearer', limit: 'action' })
  history(@Webchat() ctx: WebchatSessionContext): Promise<WebchatHistory> {
    return this.histories.history(ctx);
  }

  /** CORS preflight: the guard has set the headers for an allowed origin (and refused a foreign one). */
  @Options(':endpoint')
  @ApiExcludeEndpoint() // browsers make this call, not API clients
  @HttpCode(204)
  @WebchatRoute({ session: 'none', limit: 'none' })
  preflight(): void {}
}
