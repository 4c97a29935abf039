import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EmulatorClock } from '../clock';
import type { DfoAttachment, DfoCaseStatus, DfoMessageContent, DfoOutboundMessage, DfoRecipient } from '../wire.types';
import { Conversations } from '../dfo/conversations';
import { toDfoContact, toDfoMessage } from '../dfo/dfo.mappers';
import { DfoLookups } from '../dfo/lookups';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { EmuAgentDelivery, EmuCase, EmuChannel, EmuIntegration, EmuMessage } from '../store/emulator.types';
import { outboundMessage } from '../validation/dfo.schemas';
import { validate } from '../validation/schema';
import { AgentDispatcher } from './agent.dispatcher';
import { SANDBOX_AGENT } from './sandbox-agent';

export interface OutboundStart {
  channelId: string;
  recipient: DfoRecipient;
  text: string;
  threadName?: string;
}

/**
 * The agent side of DFO. The agent console and the test API reply, type, change a case's status and start outbound
 * conversations here; the middleware's b.4 `POST /channels/{id}/outbound` lands here too. Every message to the end
 * user goes to the middleware's Integration Box through `AgentDispatcher`.
 */
@Injectable()
export class AgentService implements OnApplicationShutdown {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly lookups: DfoLookups,
    private readonly conversations: Conversations,
    private readonly dispatcher: AgentDispatcher,
    private readonly clock: EmulatorClock,
  ) {}

  /** Agent reply on a case: accepts a `new` case (status `open`), then calls a.3 or a.2 and waits for the answer. */
  async reply(caseId: string, text: string, attachments: DfoAttachment[] = []): Promise<EmuMessage> {
    const { c, channel, integration } = this.agentContext(caseId);
    if (c.status === 'new') this.conversations.setStatus(c, 'open', 'agent');
    const lastInbound = this.store.messagesOfCase(c.id).filter((m) => m.direction === 'inbound' && m.idOnExternalPlatform).at(-1);
    const message = this.agentMessage(c, { type: 'TEXT', payload: { text } }, attachments, c.endUser ? [c.endUser] : [], 'agent');
    message.replyToMessage = lastInbound ? { idOnExternalPlatform: lastInbound.idOnExternalPlatform! } : null;
    this.store.putMessage(message);
    await this.dispatcher.deliver(message, c, channel, integration, 'reply');
    return message;
  }

  typing(caseId: string, on: boolean): Promise<EmuAgentDelivery> {
    const { c, channel, integration } = this.agentContext(caseId);
    return this.dispatcher.typing(c, channel, integration, on ? 'isTypingOn' : 'isTypingOff');
  }

  /** The agent sets a status. DFO tells the middleware nothing (no webhook, docs/dfo-contract.md a.7): it has to poll. */
  setStatus(caseId: string, status: DfoCaseStatus): EmuCase {
    const c = this.requireCase(caseId);
    this.conversations.setStatus(c, status, 'agent');
    return c;
  }

  /** Agent-initiated outbound: a new thread (DFO picks its id) and case, then a.3/a.2 with `endUserRecipients`. */
  async startOutbound(start: OutboundStart): Promise<EmuMessage> {
    const channel = this.store.channel(start.channelId);
    if (!channel || channel.isDeleted) throw DfoApiError.notFound('channelId', `Channel "${start.channelId}" not found.`);
    const integration = this.integrationOf(channel);
    const thread = this.conversations.thread(channel, randomUUID(), start.threadName ?? '');
    const customer = this.store.customerOnChannel(channel.id, start.recipient.idOnExternalPlatform);
    const endUser = { isPrimary: true, isPrivate: true, ...start.recipient };
    const c = this.conversations.openCase(thread, { direction: 'outbound', customerId: customer?.id ?? null, endUser, recipients: [endUser], status: 'open', by: 'agent' });
    const message = this.agentMessage(c, { type: 'TEXT', payload: { text: start.text } }, [], [endUser], 'agent');
    this.store.putMessage(message);
    await this.dispatcher.deliver(message, c, channel, integration, 'outbound');
    return message;
  }

  /**
   * b.4 `POST /channels/{channelId}/outbound`: stores the message and answers at once, like DFO, which passes it
   * to the Integration Box afterwards [INF]. The outcome shows on the message (`agentDelivery`) and in the call log.
   */
  apiOutbound(brandId: number, channelId: string, body: unknown): { consumerContact: unknown; message: unknown } {
    const channel = this.lookups.channel(brandId, channelId);
    const problems = validate(outboundMessage, body);
    if (problems.length) throw DfoApiError.validation(problems);
    const input = body as DfoOutboundMessage;
    const integration = this.integrationOf(channel);
    const thread = this.conversations.thread(channel, input.thread?.idOnExternalPlatform ?? randomUUID(), input.thread?.threadName);
    const endUser = input.recipients.find((r) => r.isPrimary) ?? input.recipients[0]!;
    const customer = this.store.customerOnChannel(channel.id, endUser.idOnExternalPlatform);
    const c = this.conversations.liveCase(thread)
      ?? this.conversations.openCase(thread, { direction: 'outbound', customerId: customer?.id ?? null, endUser, recipients: input.recipients, status: 'open', by: 'api' });
    const message = this.agentMessage(c, input.messageContent, input.attachments ?? [], input.recipients, 'api_outbound');
    message.title = input.title ?? null;
    this.store.putMessage(message);
    this.track(this.dispatcher.deliver(message, c, channel, integration, 'api_outbound'));
    return { consumerContact: toDfoContact(this.store, c), message: toDfoMessage(message, thread.idOnExternalPlatform) };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  private track(promise: Promise<unknown>): void {
    this.inflight.add(promise);
    void promise.finally(() => this.inflight.delete(promise));
  }

  private requireCase(caseId: string): EmuCase {
    const c = this.store.case(caseId);
    if (!c) throw DfoApiError.notFound('caseId', `Case "${caseId}" not found.`);
    return c;
  }

  private agentContext(caseId: string): { c: EmuCase; channel: EmuChannel; integration: EmuIntegration } {
    const c = this.requireCase(caseId);
    if (c.status === 'closed' || c.status === 'trashed') throw new DfoApiError(409, [{ field: 'caseId', message: `Case "${caseId}" is ${c.status}.`, errorCode: 'CASE_ENDED' }]);
    const channel = this.store.channel(c.channelId);
    if (!channel || channel.isDeleted) throw new DfoApiError(409, [{ field: 'channelId', message: 'The case\'s channel was deleted.', errorCode: 'CHANNEL_DELETED' }]);
    return { c, channel, integration: this.integrationOf(channel) };
  }

  private integrationOf(channel: EmuChannel): EmuIntegration {
    const integration = this.store.integration(channel.channelIntegrationId);
    if (!integration) {
      throw new DfoApiError(409, [{ field: 'channelIntegrationId', message: `No BYOC integration "${channel.channelIntegrationId}" is registered.`, errorCode: 'UNKNOWN_INTEGRATION' }]);
    }
    return integration;
  }

  private agentMessage(c: EmuCase, content: DfoMessageContent, attachments: DfoAttachment[], recipients: DfoRecipient[], origin: EmuMessage['origin']): EmuMessage {
    const now = this.clock.now().toISOString();
    return {
      id: randomUUID(), brandId: c.brandId, caseId: c.id, threadId: c.threadId, channelId: c.channelId, direction: 'outbound', origin,
      idOnExternalPlatform: null, messageContent: content, attachments, authorEndUserIdentity: null,
      authorUser: origin === 'agent' ? SANDBOX_AGENT : null, recipients, replyToMessage: null, title: null,
      createdAtWithMilliseconds: now, createdAt: now, receivedCount: 1, deliveryStatuses: [],
      agentDelivery: { state: 'sending', httpStatus: null, error: null, warnings: [], callIds: [] },
    };
  }
}
