import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
/** DFO's bodies, loosely: DFO adds fields over time and they are tolerated (dfo-contract.md a.2–a.4). */
const AGENT_REPLY_EXAMPLE = {
  thread: { idOnExternalPlatform: 't-1' },
  messageContent: { type: 'TEXT', payload: { text: 'Hi Simba, how can I help?' } },
  endUserRecipients: [{ idOnExternalPlatform: 'u-1', name: 'Simba Lion', isPrimary: true, isPrivate: true }],
  attachments: [],
  authorUser: { id: 42, firstName: 'Baloo', surname: 'Bear' },
};
const agentReplyBody = (example: object) => ApiBody({ schema: { type: 'object', additionalProperties: true, example } });

@ApiTags('integration-box')
@ApiBadRequestResponse({ description: 'A field DFO must send is missing or malformed, named in the answer' })
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
  @agentReplyBody(AGENT_REPLY_EXAMPLE)
  @ApiNotFoundResponse({ description: "Unknown channel, another integration's channel, or an unknown thread without endUserRecipients" })
  outbound(@CurrentIntegration() integration: IntegrationPrincipal, @Param('channelId') channelId: string, @Body() body: unknown): Promise<AgentReplyResponse> {
    return this.agentMessages.reply(integration, channelId, readAgentReply(body));
  }

  @Post('1.0/posts/:postId/messages')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Agent reply on the legacy reply API ("Use DFO 3.0 Outbound API for replies" off)' })
  @ApiOkResponse({ description: '{idOnExternalPlatform}' })
  @agentReplyBody({ messageContent: AGENT_REPLY_EXAMPLE.messageContent, authorUser: AGENT_REPLY_EXAMPLE.authorUser })
  @ApiNotFoundResponse({ description: "A post (thread) unknown to the token's integration" })
  legacyReply(@CurrentIntegration() integration: IntegrationPrincipal, @Param('postId') postId: string, @Body() body: unknown): Promise<{ idOnExternalPlatform: string }> {
    return this.agentMessages.replyLegacy(integration, postId, readLegacyReply(postId, body));
  }

  @Post('1.0/channel/:channelId/thread/:threadId/sender-action')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Agent typing indicator, passed on best effort' })
  @ApiNoContentResponse()
  @agentReplyBody({ senderAction: { action: 'isTypingOn' }, authorUser: AGENT_REPLY_EXAMPLE.authorUser })
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
