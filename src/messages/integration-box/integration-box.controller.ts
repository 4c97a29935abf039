import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIntegration, IntegrationPrincipal } from '../../auth/current-integration.decorator';
import { IntegrationAuth } from '../../auth/integration-auth.decorator';
import { readAgentReply, readLegacyReply } from './agent-message.input';
import { AgentMessagesService } from './agent-messages.service';
import { AgentTypingService } from './agent-typing.service';
import { AgentReplyResponse } from './reply.mapper';

/**
 * The Integration Box endpoints DFO calls (docs/architecture.md §6.1, docs/dfo-contract.md a.2–a.4). Bodies are read by
 * `agent-message.input.ts`, which tolerates fields DFO adds and names the field it cannot do without: the global
 * pipe's `forbidNonWhitelisted` would refuse DFO's extra fields and fail the agent's chat.
 */
@ApiTags('integration-box')
@IntegrationAuth()
@Controller('integration/box')
export class IntegrationBoxController {
  constructor(
    private readonly agentMessages: AgentMessagesService,
    private readonly typing: AgentTypingService,
  ) {}

  @Post('2.0/channel/:channelId/outbound')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Agent reply, or agent-initiated outbound when the thread is new and endUserRecipients name the end user' })
  @ApiOkResponse({ description: '{message: {idOnExternalPlatform, createdAtWithMilliseconds}, thread, endUserIdentities, recipients}' })
  @ApiNotFoundResponse({ description: "Unknown channel, another integration's channel, or an unknown thread without endUserRecipients" })
  outbound(@CurrentIntegration() integration: IntegrationPrincipal, @Param('channelId') channelId: string, @Body() body: unknown): Promise<AgentReplyResponse> {
    return this.agentMessages.reply(integration, channelId, readAgentReply(body));
  }

  @Post('1.0/posts/:postId/messages')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Agent reply on the legacy reply API ("Use DFO 3.0 Outbound API for replies" off)' })
  @ApiOkResponse({ description: '{idOnExternalPlatform}' })
  @ApiNotFoundResponse({ description: "A post (thread) unknown to the token's integration" })
  legacyReply(@CurrentIntegration() integration: IntegrationPrincipal, @Param('postId') postId: string, @Body() body: unknown): Promise<{ idOnExternalPlatform: string }> {
    return this.agentMessages.replyLegacy(integration, postId, readLegacyReply(postId, body));
  }

  @Post('1.0/channel/:channelId/thread/:threadId/sender-action')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Agent typing indicator, passed on best effort' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: "Unknown channel or thread, or another integration's channel" })
  senderAction(
    @CurrentIntegration() integration: IntegrationPrincipal,
    @Param('channelId') channelId: string,
    @Param('threadId') threadId: string,
    @Body() body: unknown,
  ): Promise<void> {
    return this.typing.relay(integration, channelId, threadId, body);
  }
}
