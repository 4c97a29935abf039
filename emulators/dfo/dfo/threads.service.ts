import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock';
import type { DfoMessageStatus, DfoSenderActionRequest, DfoThreadUpdate } from '../wire.types';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { messageStatus, senderAction, threadUpdate } from '../validation/dfo.schemas';
import { validate } from '../validation/schema';
import { DfoLookups } from './lookups';

function check(schema: Parameters<typeof validate>[0], body: unknown): void {
  const problems = validate(schema, body);
  if (problems.length) throw DfoApiError.validation(problems);
}

/** b.3 message delivery status and b.5 thread operations (end-user typing, locking a thread). */
@Injectable()
export class ThreadsService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly lookups: DfoLookups,
    private readonly clock: EmulatorClock,
  ) {}

  /**
   * The message must be one the emulator knows as outbound on that channel: an agent message whose
   * `idOnExternalPlatform` the middleware returned, or an outbound echo it created. Anything else is a 404.
   */
  setMessageStatus(brandId: number, channelId: string, idOnExternalPlatform: string, body: unknown): void {
    const channel = this.lookups.channel(brandId, channelId);
    check(messageStatus, body);
    const input = body as DfoMessageStatus;
    const message = this.store.messageOnChannel(channel.id, 'outbound', idOnExternalPlatform);
    if (!message) throw DfoApiError.notFound('messageIdOnExternalPlatform', `Message "${idOnExternalPlatform}" not found in channel "${channelId}".`);
    message.deliveryStatuses.push({ status: input.status, updatedAt: input.updatedAt, reason: input.reason ?? null, receivedAt: this.clock.now().toISOString() });
    this.store.putMessage(message);
  }

  senderAction(brandId: number, channelId: string, threadIdOnExternalPlatform: string, body: unknown): void {
    const thread = this.lookups.thread(brandId, channelId, threadIdOnExternalPlatform);
    check(senderAction, body);
    const { action } = body as DfoSenderActionRequest;
    thread.customerTyping = { on: action === 'isTypingOn', at: this.clock.now().toISOString() };
    this.store.putThread(thread);
  }

  updateThread(brandId: number, channelId: string, threadIdOnExternalPlatform: string, body: unknown): void {
    const thread = this.lookups.thread(brandId, channelId, threadIdOnExternalPlatform);
    check(threadUpdate, body);
    thread.canAddMoreMessages = (body as DfoThreadUpdate).canAddMoreMessages;
    thread.updatedAt = this.clock.now().toISOString();
    this.store.putThread(thread);
  }
}
