import { EmulatorStore } from '../store/emulator.store';
import { EmuBrand, EmuCase, EmuChannel, EmuCustomer, EmuMessage } from '../store/emulator.types';
import type { DfoBrand } from '../wire.types';

/**
 * DFO's read models (docs/dfo-contract.md d.4 Contact, d.5 MessageDetail, b.1 ChannelV2, b.7 Customer), built from the
 * emulator's records. Timestamps without "WithMilliseconds" in their name are given to the second, as DFO does.
 */

export const toSeconds = (iso: string): string => `${iso.slice(0, 19)}Z`;

/** DFO's `Brand` (chat-web SDK / one-time-token response), also sent in every Integration Box call. */
export function toDfoBrand(brand: EmuBrand): DfoBrand {
  return { id: brand.id, friendlyName: brand.friendlyName, tenantId: brand.tenantId, businessUnitId: brand.businessUnitId, timezone: brand.timezone };
}

export function toDfoChannel(channel: EmuChannel): Record<string, unknown> {
  return {
    id: channel.id,
    idOnExternalPlatform: channel.idOnExternalPlatform,
    channelIntegrationId: channel.channelIntegrationId,
    realExternalPlatformId: channel.realExternalPlatformId,
    name: channel.name,
    isPrivate: channel.isPrivate,
    hasTreeStructure: channel.hasTreeStructure,
    ...channel.flags,
    integrationBoxIdentifier: channel.channelIntegrationId,
    isDeleted: channel.isDeleted,
    isHidden: false,
    canSendSenderActions: true,
    defaultSkillId: null,
    createdAt: toSeconds(channel.createdAt),
  };
}

export function toDfoCustomer(customer: EmuCustomer): Record<string, unknown> {
  const fullName = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  return {
    id: customer.id,
    updatedAt: toSeconds(customer.updatedAt),
    firstName: customer.firstName,
    surname: customer.lastName,
    fullName: fullName || customer.nickname || customer.idOnExternalPlatform,
    image: customer.image,
    customFields: customer.customFields,
    identities: [
      {
        idOnExternalPlatform: customer.idOnExternalPlatform,
        firstName: customer.firstName,
        lastName: customer.lastName,
        nickname: customer.nickname,
        image: customer.image,
        channelId: customer.channelId,
      },
    ],
    messageStatistics: {},
    sentimentStatistics: {},
  };
}

export function toDfoContact(store: EmulatorStore, c: EmuCase): Record<string, unknown> {
  const customer = c.customerId ? store.customer(c.customerId) : undefined;
  return {
    id: c.id,
    contactId: c.contactId,
    customerContactId: customer?.id ?? null,
    interactionId: c.interactionId,
    consumerContactStorageId: c.id,
    channelId: c.channelId,
    direction: c.direction,
    createdAt: toSeconds(c.createdAt),
    createdAtWithMilliseconds: c.createdAt,
    customFields: c.customFields,
    endUser: customer ? toDfoCustomer(customer) : null,
    authorEndUserIdentity: customer ? { idOnExternalPlatform: customer.idOnExternalPlatform, firstName: customer.firstName, lastName: customer.lastName, nickname: customer.nickname, image: customer.image } : null,
    inboxAssigneeUser: null,
    ownerAssigneeUser: null,
    recipients: c.recipients,
    routingQueueId: null,
    routingQueuePriority: 1,
    status: c.status,
    statusUpdatedAt: toSeconds(c.statusUpdatedAt),
    statusUpdatedAtWithMilliseconds: c.statusUpdatedAt,
    threadId: c.threadId,
    threadIdOnExternalPlatform: c.threadIdOnExternalPlatform,
    userFingerprint: null,
  };
}

export function toDfoMessage(m: EmuMessage, threadIdOnExternalPlatform: string): Record<string, unknown> {
  return {
    id: m.id,
    idOnExternalPlatform: m.idOnExternalPlatform,
    postId: m.threadId,
    threadId: m.threadId,
    threadIdOnExternalPlatform,
    contactNumber: m.caseId,
    channel: { id: m.channelId },
    direction: m.direction,
    isDeletedOnExternalPlatform: false,
    isHiddenOnExternalPlatform: false,
    isReplyAllowed: true,
    url: null,
    title: m.title,
    messageContent: {
      ...m.messageContent,
      fallbackText: m.messageContent.fallbackText ?? 'Unsupported message content',
      postback: m.messageContent.postback ?? null,
    },
    attachments: m.attachments,
    authorEndUserIdentity: m.authorEndUserIdentity,
    authorUser: m.authorUser,
    recipients: m.recipients,
    replyToMessage: m.replyToMessage,
    sentiment: 'neutral',
    tags: [],
    createdAt: toSeconds(m.createdAtWithMilliseconds.endsWith('Z') ? m.createdAtWithMilliseconds : new Date(m.createdAtWithMilliseconds).toISOString()),
    createdAtWithMilliseconds: m.createdAtWithMilliseconds,
  };
}
