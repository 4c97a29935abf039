import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EmulatorClock } from '../clock';
import type { DfoEndUserIdentity, DfoNewMessage } from '../wire.types';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { EmuCase, EmuChannel, EmuCustomer, EmuMessage, EmuThread } from '../store/emulator.types';
import { newMessage } from '../validation/dfo.schemas';
import { validate } from '../validation/schema';
import { Conversations } from './conversations';
import { checkCustomFieldValues, mergeCustomFields } from './custom-fields';
import { toDfoContact, toDfoMessage } from './dfo.mappers';
import { DfoLookups } from './lookups';

/**
 * b.2 `POST /channels/{channelId}/messages`: validates the body as strictly as the contract allows, then creates
 * (or finds) the customer, the thread and the case, and stores the message.
 *
 * Case rules (docs/dfo-contract.md e; DFO's real rules are [UNKNOWN], these are the emulator's documented assumptions):
 * a thread without a case, or whose case is closed/trashed, gets a new case (a new contact number); a resolved case
 * is reopened (status `open`); a thread locked with `canAddMoreMessages: false` refuses new messages with a 400.
 * The same (channel, direction, idOnExternalPlatform) posted again is answered like the first time and counted in
 * `receivedCount`, so tests can prove a middleware forwards each message once.
 */
@Injectable()
export class InboundService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly lookups: DfoLookups,
    private readonly conversations: Conversations,
    private readonly clock: EmulatorClock,
  ) {}

  createMessage(brandId: number, channelId: string, body: unknown): { consumerContact: unknown; message: unknown } {
    const channel = this.lookups.channel(brandId, channelId);
    const problems = validate(newMessage, body);
    if (problems.length) throw DfoApiError.validation(problems);
    const input = body as DfoNewMessage;

    const duplicate = this.store.messageOnChannel(channel.id, input.direction, input.idOnExternalPlatform);
    if (duplicate) {
      duplicate.receivedCount += 1;
      this.store.putMessage(duplicate);
      return this.response(this.store.case(duplicate.caseId)!, duplicate);
    }
    checkCustomFieldValues(input.authorEndUserIdentity.customFields, this.store.customerFieldDefinitions(brandId), 'authorEndUserIdentity.customFields');
    checkCustomFieldValues(input.contact?.customFields, this.store.contactFieldDefinitions(brandId), 'contact.customFields');

    const existingThread = this.store.threadOnChannel(channel.id, input.thread.idOnExternalPlatform);
    if (existingThread && !existingThread.canAddMoreMessages) {
      throw DfoApiError.badRequest('thread.idOnExternalPlatform', 'The thread does not accept more messages (canAddMoreMessages is false).', 'THREAD_LOCKED');
    }
    const thread = this.conversations.thread(channel, input.thread.idOnExternalPlatform, input.thread.threadName);
    const customer = this.upsertCustomer(channel, input.authorEndUserIdentity);
    const c = this.caseFor(thread, customer, input);
    const message = this.storeMessage(channel, thread, c, input);
    return this.response(c, message);
  }

  private caseFor(thread: EmuThread, customer: EmuCustomer, input: DfoNewMessage): EmuCase {
    const requested = input.contact?.status;
    let c = this.conversations.liveCase(thread);
    if (!c) {
      const endUser = { idOnExternalPlatform: customer.idOnExternalPlatform, name: displayName(customer), isPrimary: true, isPrivate: true };
      c = this.conversations.openCase(thread, {
        direction: input.direction,
        customerId: customer.id,
        endUser,
        recipients: input.recipients ?? [],
        status: requested ?? 'new',
        by: 'inbound',
      });
    } else if (requested) {
      this.conversations.setStatus(c, requested, 'inbound');
    } else if (c.status === 'resolved' && input.direction === 'inbound') {
      this.conversations.setStatus(c, 'open', 'inbound');
    }
    const at = this.clock.now().toISOString();
    if (input.contact?.customFields) c.customFields = mergeCustomFields(c.customFields, input.contact.customFields, at);
    c.updatedAt = at;
    this.store.putCase(c);
    return c;
  }

  private upsertCustomer(channel: EmuChannel, identity: DfoEndUserIdentity): EmuCustomer {
    const now = this.clock.now().toISOString();
    const existing = this.store.customerOnChannel(channel.id, identity.idOnExternalPlatform);
    const customer: EmuCustomer = existing ?? {
      id: randomUUID(), brandId: channel.brandId, channelId: channel.id, idOnExternalPlatform: identity.idOnExternalPlatform,
      firstName: null, lastName: null, nickname: null, image: null, customFields: [], createdAt: now, updatedAt: now,
    };
    customer.firstName = identity.firstName ?? customer.firstName;
    customer.lastName = identity.lastName ?? customer.lastName;
    customer.nickname = identity.nickname ?? customer.nickname;
    customer.image = identity.image ?? customer.image;
    customer.customFields = mergeCustomFields(customer.customFields, identity.customFields, now);
    customer.updatedAt = now;
    this.store.putCustomer(customer);
    return customer;
  }

  private storeMessage(channel: EmuChannel, thread: EmuThread, c: EmuCase, input: DfoNewMessage): EmuMessage {
    const message: EmuMessage = {
      id: randomUUID(),
      brandId: channel.brandId,
      caseId: c.id,
      threadId: thread.id,
      channelId: channel.id,
      direction: input.direction,
      origin: 'create_message',
      idOnExternalPlatform: input.idOnExternalPlatform,
      messageContent: input.messageContent,
      attachments: input.attachments ?? [],
      authorEndUserIdentity: input.authorEndUserIdentity,
      authorUser: null,
      recipients: input.recipients ?? [],
      replyToMessage: input.replyToMessage ?? null,
      title: input.title ?? null,
      createdAtWithMilliseconds: input.createdAtWithMilliseconds,
      createdAt: this.clock.now().toISOString(),
      receivedCount: 1,
      deliveryStatuses: [],
      agentDelivery: null,
    };
    this.store.putMessage(message);
    if (input.direction === 'inbound' && thread.customerTyping?.on) {
      // A message ends the end user's typing, as chat UIs show it.
      thread.customerTyping = { on: false, at: message.createdAt };
      this.store.putThread(thread);
    }
    return message;
  }

  private response(c: EmuCase, message: EmuMessage): { consumerContact: unknown; message: unknown } {
    return { consumerContact: toDfoContact(this.store, c), message: toDfoMessage(message, c.threadIdOnExternalPlatform) };
  }
}

export function displayName(customer: Pick<EmuCustomer, 'firstName' | 'lastName' | 'nickname' | 'idOnExternalPlatform'>): string {
  return [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.nickname || customer.idOnExternalPlatform;
}
