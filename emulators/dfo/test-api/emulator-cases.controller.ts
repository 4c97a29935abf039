import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { DfoAttachment, DfoCaseStatus, DfoRecipient } from '../wire.types';
import { AgentService } from '../agent/agent.service';
import { DfoApiError } from '../http/dfo-api.error';
import { DfoErrorFilter } from '../http/dfo-error.filter';
import { EmulatorStore } from '../store/emulator.store';
import { validated } from '../validation/validated';
import * as schemas from './test-api.schemas';
import { caseView, messageView } from './views';

type CaseQuery = { channelId?: string; threadIdOnExternalPlatform?: string; status?: string; brandId?: string; endUserIdOnExternalPlatform?: string };

/**
 * The test API's view of conversations and its agent actions, under `/_emulator`: what the agent console does,
 * without a browser. Agent actions wait for the middleware's answer and return the message with `agentDelivery`.
 */
@ApiExcludeController()
@Controller('_emulator')
@UseFilters(DfoErrorFilter)
export class EmulatorCasesController {
  constructor(
    private readonly store: EmulatorStore,
    private readonly agent: AgentService,
  ) {}

  @Get('channels')
  channels() {
    return { data: this.store.channels() };
  }

  @Get('threads')
  threads(@Query() q: { channelId?: string; idOnExternalPlatform?: string }) {
    const data = this.store.threads().filter((t) => (!q.channelId || t.channelId === q.channelId) && (!q.idOnExternalPlatform || t.idOnExternalPlatform === q.idOnExternalPlatform));
    return { data };
  }

  @Get('customers')
  customers(@Query() q: { channelId?: string; idOnExternalPlatform?: string }) {
    const data = this.store.customers().filter((c) => (!q.channelId || c.channelId === q.channelId) && (!q.idOnExternalPlatform || c.idOnExternalPlatform === q.idOnExternalPlatform));
    return { data };
  }

  /** Newest first; every filter is optional. */
  @Get('cases')
  cases(@Query() q: CaseQuery) {
    const data = this.store
      .cases()
      .filter((c) => !q.channelId || c.channelId === q.channelId)
      .filter((c) => !q.threadIdOnExternalPlatform || c.threadIdOnExternalPlatform === q.threadIdOnExternalPlatform)
      .filter((c) => !q.status || q.status.split(',').includes(c.status))
      .filter((c) => !q.brandId || String(c.brandId) === q.brandId)
      .filter((c) => !q.endUserIdOnExternalPlatform || c.endUser?.idOnExternalPlatform === q.endUserIdOnExternalPlatform)
      .map((c) => caseView(this.store, c));
    return { data, version: this.store.version };
  }

  @Get('cases/:caseId')
  getCase(@Param('caseId') caseId: string) {
    const c = this.store.case(caseId);
    if (!c) throw DfoApiError.notFound('caseId', `Case "${caseId}" not found.`);
    const customer = c.customerId ? this.store.customer(c.customerId) ?? null : null;
    return { case: caseView(this.store, c), customer, messages: this.store.messagesOfCase(c.id).map(messageView) };
  }

  @Post('cases/:caseId/reply')
  @HttpCode(200)
  async reply(@Param('caseId') caseId: string, @Body() body: unknown) {
    const input = validated<{ text: string; attachments?: DfoAttachment[] }>(schemas.agentReply, body);
    return { message: messageView(await this.agent.reply(caseId, input.text, input.attachments)) };
  }

  @Post('cases/:caseId/typing')
  @HttpCode(200)
  async typing(@Param('caseId') caseId: string, @Body() body: unknown) {
    return { delivery: await this.agent.typing(caseId, validated<{ on: boolean }>(schemas.agentTyping, body).on) };
  }

  @Put('cases/:caseId/status')
  setStatus(@Param('caseId') caseId: string, @Body() body: unknown) {
    const c = this.agent.setStatus(caseId, validated<{ status: DfoCaseStatus }>(schemas.agentStatus, body).status);
    return { case: caseView(this.store, c) };
  }

  @Post('outbound')
  @HttpCode(200)
  async outbound(@Body() body: unknown) {
    const input = validated<{ channelId: string; recipient: DfoRecipient; text: string; threadName?: string }>(schemas.agentOutbound, body);
    const message = await this.agent.startOutbound(input);
    return { case: caseView(this.store, this.store.case(message.caseId)!), message: messageView(message) };
  }

  /** Messages by channel and external id (what a b.3 status update refers to). */
  @Get('messages')
  messages(@Query() q: { channelId?: string; idOnExternalPlatform?: string; direction?: string }) {
    if (!q.channelId || !q.idOnExternalPlatform) throw DfoApiError.badRequest('channelId', 'channelId and idOnExternalPlatform are required.', 'IS_BLANK');
    const directions = q.direction ? [q.direction] : ['inbound', 'outbound'];
    const data = directions
      .map((d) => this.store.messageOnChannel(q.channelId!, d as 'inbound' | 'outbound', q.idOnExternalPlatform!))
      .filter((m) => m !== undefined)
      .map(messageView);
    return { data };
  }
}
