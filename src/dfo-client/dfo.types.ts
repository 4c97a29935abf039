/**
 * DFO's wire format (docs/dfo-contract.md). These types are used only inside dfo-client/, the sandbox emulator (which
 * speaks the same contract from the other side) and the Integration Box controllers. Everything else uses our own
 * types and lets the DfoClient translate.
 */

/** One definition, in core (channel settings and the lifecycle speak it too); re-exported with the rest of the wire. */
import type { DfoCaseStatus } from '../core/domain/dfo-case-status';

export type { DfoCaseStatus };
export type DfoMessageDeliveryStatus = 'delivered' | 'seen' | 'failed';
export type DfoSenderAction = 'isTypingOn' | 'isTypingOff';

export interface DfoMessageContent {
  type: 'TEXT' | 'PLUGIN' | 'QUICK_REPLIES' | 'LIST_PICKER' | 'RICH_LINK' | 'ADAPTIVE_CARD';
  payload: Record<string, unknown>;
  fallbackText?: string | null;
  postback?: string | null;
}

export interface DfoEndUserIdentity {
  idOnExternalPlatform: string;
  firstName?: string;
  lastName?: string;
  nickname?: string;
  image?: string;
  customFields?: Array<{ ident: string; value: string; updatedAt?: string }>;
}

export interface DfoRecipient {
  idOnExternalPlatform: string;
  name?: string;
  isPrimary?: boolean;
  isPrivate?: boolean;
}

export interface DfoAttachment {
  friendlyName: string;
  url: string;
}

/** b.2 `POST /channels/{channelId}/messages` body (`NewMessage`). */
export interface DfoNewMessage {
  idOnExternalPlatform: string;
  direction: 'inbound' | 'outbound';
  createdAtWithMilliseconds: string;
  thread: { idOnExternalPlatform: string; threadName?: string };
  messageContent: DfoMessageContent;
  authorEndUserIdentity: DfoEndUserIdentity;
  recipients?: DfoRecipient[];
  attachments?: DfoAttachment[];
  replyToMessage?: { idOnExternalPlatform?: string };
  contact?: { customFields?: Array<{ ident: string; value: string }>; status?: 'escalated' | 'pending' | 'resolved'; skillId?: number };
}

/** b.2 response: `{consumerContact?, message?}`. */
export interface DfoCreateMessageResponse {
  consumerContact?: DfoContact;
  message?: { id?: string; idOnExternalPlatform?: string; threadId?: string; createdAtWithMilliseconds?: string };
}

/** d.5 `MessageDetail`, the fields we read. */
export interface DfoMessageDetail {
  id: string;
  idOnExternalPlatform?: string;
  direction?: 'inbound' | 'outbound';
  channel?: { id?: string };
  threadIdOnExternalPlatform?: string;
  /** The case (contact) number the message belongs to. */
  contactNumber?: string;
  [field: string]: unknown;
}

/** b.8 `GET /messages` filters we use (PHP-style lists on the wire). */
export interface DfoMessageQuery {
  idOnExternalPlatform: string[];
  channel?: string[];
  direction?: 'inbound' | 'outbound';
}

export interface DfoMessageList {
  hits: number;
  data: DfoMessageDetail[];
}

/** d.4 `Contact` (case), the fields we read. */
export interface DfoContact {
  id: string;
  threadId?: string;
  threadIdOnExternalPlatform?: string;
  channelId?: string;
  status?: DfoCaseStatus;
  statusUpdatedAt?: string;
  createdAt?: string;
  [field: string]: unknown;
}

export interface DfoContactList {
  hits: number;
  data: DfoContact[];
  scrollToken?: string;
}

export interface DfoContactQuery {
  channel?: string[];
  status?: DfoCaseStatus[];
  endUserIdOnExternalPlatform?: string[];
  scrollToken?: string;
}

/** b.4 `POST /channels/{channelId}/outbound` body. */
export interface DfoOutboundMessage {
  thread?: { idOnExternalPlatform?: string; threadName?: string };
  messageContent: DfoMessageContent;
  recipients: DfoRecipient[];
  attachments?: DfoAttachment[];
}

/** b.1 `NewChannel`. */
export interface DfoNewChannel {
  id: string;
  idOnExternalPlatform: string;
  channelIntegrationId: string;
  realExternalPlatformId: string;
  name: string;
  isPrivate: boolean;
  hasTreeStructure: boolean;
  hasReply?: boolean;
  hasOutboundFlow?: boolean;
  hasAbilityToSendFiles?: boolean;
  isLiveChat?: boolean;
  [flag: string]: unknown;
}

/** b.1 `ChannelV2` (the fields we read). */
export interface DfoChannel {
  id: string;
  idOnExternalPlatform?: string;
  channelIntegrationId?: string;
  name?: string;
  realExternalPlatformId?: string;
  [field: string]: unknown;
}

/** b.7 customer custom field definition. */
export interface DfoCustomFieldDefinition {
  ident: string;
  label: string;
  type: 'text' | 'email' | 'list';
  isRequired?: boolean;
  isEditable?: boolean;
  values?: unknown[];
  [field: string]: unknown;
}

/** b.8 temporary attachment upload. */
export interface DfoTemporaryAttachment {
  id?: string;
  url?: string;
  expireAt?: string;
}

/** a.5 one-time-token verification. */
export interface DfoOneTimeTokenRequest {
  brandId: number;
  userId: number;
  token: string;
  purpose: 'channel-integration' | 'login' | 'custom-component-login';
}

export interface DfoBrand {
  id: number;
  friendlyName?: string;
  tenantId?: string;
  businessUnitId?: number;
  timezone?: string;
}

export interface DfoUser {
  id: number;
  firstName?: string;
  surname?: string;
  emailAddress?: string;
  [field: string]: unknown;
}

export interface DfoOneTimeTokenVerification {
  brand: DfoBrand;
  user: DfoUser;
  accessToken: string;
}

/** d.8 error body. */
export interface DfoApiError {
  field?: string;
  message: string;
  parameters?: Record<string, unknown>;
  errorCode?: string;
}
