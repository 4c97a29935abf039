import { Body, Controller, HttpCode, Param, Post, Put, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AgentService } from '../agent/agent.service';
import { DfoAuthGuard, DfoBrandId } from '../auth/dfo-auth.guard';
import { DfoErrorFilter } from '../http/dfo-error.filter';
import { InboundService } from './inbound.service';
import { ThreadsService } from './threads.service';

/** b.2–b.5 under `/dfo/3.0/channels/{channelId}`: messages, statuses, outbound, sender actions, thread updates. */
@ApiExcludeController()
@Controller('dfo/3.0/channels/:channelId')
@UseGuards(DfoAuthGuard)
@UseFilters(DfoErrorFilter)
export class MessagesController {
  constructor(
    private readonly inbound: InboundService,
    private readonly threads: ThreadsService,
    private readonly agent: AgentService,
  ) {}

  @Post('messages')
  @HttpCode(200)
  createMessage(@DfoBrandId() brandId: number, @Param('channelId') channelId: string, @Body() body: unknown) {
    return this.inbound.createMessage(brandId, channelId, body);
  }

  @Put('messages/:messageId/status')
  @HttpCode(204)
  setMessageStatus(@DfoBrandId() brandId: number, @Param('channelId') channelId: string, @Param('messageId') messageId: string, @Body() body: unknown): void {
    this.threads.setMessageStatus(brandId, channelId, messageId, body);
  }

  @Post('outbound')
  @HttpCode(200)
  outbound(@DfoBrandId() brandId: number, @Param('channelId') channelId: string, @Body() body: unknown) {
    return this.agent.apiOutbound(brandId, channelId, body);
  }

  @Post('threads/:threadId/sender-actions')
  @HttpCode(204)
  senderAction(@DfoBrandId() brandId: number, @Param('channelId') channelId: string, @Param('threadId') threadId: string, @Body() body: unknown): void {
    this.threads.senderAction(brandId, channelId, threadId, body);
  }

  @Put('threads/:threadId')
  @HttpCode(204)
  updateThread(@DfoBrandId() brandId: number, @Param('channelId') channelId: string, @Param('threadId') threadId: string, @Body() body: unknown): void {
    this.threads.updateThread(brandId, channelId, threadId, body);
  }
}
