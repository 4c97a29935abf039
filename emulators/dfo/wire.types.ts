import type {
  CASE_STATUSES,
  CREATABLE_CONTENT_TYPES,
  CREATE_CASE_STATUSES,
  DELIVERY_STATUSES,
  DIRECTIONS,
  ONE_TIME_TOKEN_PURPOSES,
  REAL_EXTERNAL_PLATFORM_IDS,
  SENDER_ACTIONS,
  SUPPORTED_MESSAGE_TYPES,
} from './validation/dfo.enums';

/**
 * The emulator's own copy of DFO's wire types, written from docs/dfo-contract.md (section in each comment), not from the
 * middleware's client: an emulator that borrowed the client's types would accept the client's mistakes. Requests
 * are typed as the validators in validation/dfo.schemas.ts accept them; where the contract leaves a field optional
 * but the emulator requires it (README, "Where the emulator decides"), the type says what the validator enforces.
 * Where these types and src/dfo-client/dfo.types.ts disagree is listed in README.md.
 */

/** e: a case (contact) status. */
export type DfoCaseStatus = (typeof CASE_STATUSES)[number];
/** b.2 `contact.status`: the statuses a case may be given when a message creates it. */
export type DfoCreateCaseStatus = (typeof CREATE_CASE_STATUSES)[number];
/** b.3 / e: a message's delivery status, reported by the middleware. */
export type DfoMessageDeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** b.5 / a.4: typing on and off. */
export type DfoSenderAction = (typeof SENDER_ACTIONS)[number];
export type DfoDirection = (typeof DIRECTIONS)[number];
/** b.1 / d.7 `realExternalPlatformId`. */
export type DfoRealExternalPlatformId = (typeof REAL_EXTERNAL_PLATFORM_IDS)[number];
/** a.5 `purpose`. */
export type DfoOneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/** b.2 / d.6 `messageContent`: a creatable type, its payload (shape per type, d.6), and the common optional fields. */
export interface DfoMessageContent {
  type: (typeof CREATABLE_CONTENT_TYPES)[number];
  payload: Record<string, unknown>;
  fallbackText?: string | null;
  postback?: string | null;
  isAutoTranslated?: boolean;
  parameters?: Record<string, unknown> | unknown[];
}

/** b.2 `customFields` entries of an identity or a case. */
export interface DfoCustomFieldValue {
  ident: string;
  value: string;
  updatedAt?: string;
}

/** b.2 `authorEndUserIdentity`. */
export interface DfoEndUserIdentity {
  idOnExternalPlatform: string;
  firstName?: string;
  lastName?: string;
  nickname?: string;
  image?: string;
  customFields?: DfoCustomFieldValue[];
}

/** b.2 `recipients[]` / `authorRecipients[]`, b.4 `recipients[]`, a.3 `endUserRecipients[]`. */
export interface DfoRecipient {
  idOnExternalPlatform: string;
  name?: string;
  isPrimary?: boolean;
  isPrivate?: boolean;
  anonymizedAt?: string | null;
  anonymizedReason?: string | null;
}

/** b.2 / a.3 `attachments[]`; b.4 adds `isInline`. */
export interface DfoAttachment {
  friendlyName: string;
  url: string;
  isInline?: boolean;
}

/** b.2 `contact` (`ContactInformation`). */
export interface DfoContactInformation {
  customFields?: Array<{ ident: string; value: string }>;
  elevation?: string;
  status?: DfoCreateCaseStatus;
  direction?: DfoDirection;
  statusUpdatedAt?: string;
  skillId?: number;
}

/** b.2 `POST /channels/{channelId}/messages` body (`NewMessage`). */
export interface DfoNewMessage {
  idOnExternalPlatform: string;
  direction: DfoDirection;
  createdAtWithMilliseconds: string;
  thread: { idOnExternalPlatform: string; threadName?: string };
  messageContent: DfoMessageContent;
  authorEndUserIdentity: DfoEndUserIdentity;
  recipients?: DfoRecipient[];
  authorRecipients?: DfoRecipient[];
  attachments?: DfoAttachment[];
  replyToMessage?: { idOnExternalPlatform?: string };
  isReplyToSpecificMessage?: boolean;
  title?: string;
  url?: string;
  deletedOnExternalPlatform?: boolean;
  tagIds?: number[];
  reactionStatistics?: { likes?: number; shares?: number; isLikedByChannel?: boolean; isSharedByChannel?: boolean };
  browserFingerprint?: Record<string, string | null> & { supportedMessageTypes?: Array<(typeof SUPPORTED_MESSAGE_TYPES)[number]> };
  contact?: DfoContactInformation;
  externalAttributes?: Array<{ key: string; value: string }>;
}

/** b.3 `PUT /channels/{channelId}/messages/{idOnExternalPlatform}/status` body (`MessageStatus`). */
export interface DfoMessageStatus {
  status: DfoMessageDeliveryStatus;
  updatedAt: string;
  reason?: string;
}

/** b.4 `POST /channels/{channelId}/outbound` body (`OutboundMessageToCreate`, the fields NICE's agent apps send). */
export interface DfoOutboundMessage {
  thread?: { idOnExternalPlatform?: string; threadName?: string };
  messageContent: DfoMessageContent;
  recipients: DfoRecipient[];
  title?: string;
  attachments?: DfoAttachment[];
  replyToMessage?: { idOnExternalPlatform?: string; id?: string };
  originChannel?: { id: string };
  forward?: { message: { id: string }; id?: string } | null;
  contact?: { elevation?: string; customFields?: Array<{ ident: string; value: string }>; skillId?: number };
  isReplyToSpecificMessage?: boolean;
}

/** b.5 sender action body; `action` is optional in the spec, required by the emulator. */
export interface DfoSenderActionRequest {
  action: DfoSenderAction;
}

/** b.5 `PUT /channels/{channelId}/threads/{threadIdOnExternalPlatform}` body; the flag is required by the emulator. */
export interface DfoThreadUpdate {
  canAddMoreMessages: boolean;
}

/** b.6 `PUT /contacts/{contactNumber}/status` body. */
export interface DfoContactStatusUpdate {
  status: DfoCaseStatus;
  updatedByUserId?: number;
}

/** b.1 `POST /channels` body (`NewChannel`): the required fields, then the optional flags and settings. */
export interface DfoNewChannel {
  id: string;
  idOnExternalPlatform: string;
  channelIntegrationId: string;
  realExternalPlatformId: DfoRealExternalPlatformId;
  name: string;
  isPrivate: boolean;
  hasTreeStructure: boolean;
  contentFormat?: 'html' | 'plain';
  translationGroup?: 'default' | 'email' | 'phone';
  externalPlatformAvatar?: string | null;
  externalPlatformIcon?: string | null;
  ownerUserId?: number | null;
  studioScript?: string | null;
  /** `hasReply`, `isLiveChat` and the other boolean flags of b.1 (validation/dfo.enums.ts `CHANNEL_BOOLEAN_FLAGS`). */
  [flag: string]: unknown;
}

/** b.7 `PUT /customers/custom-field-definitions` body. */
export interface DfoCustomerCustomFieldDefinition {
  ident: string;
  label: string;
  type: 'text' | 'email' | 'list';
  isRequired?: boolean;
  isEditable?: boolean;
  isVisibleInRightPanel?: boolean;
  isVisibleInCustomerCard?: boolean;
  values?: string[];
}

/** a.5 `POST /one-time-token/verification` body. */
export interface DfoOneTimeTokenVerificationRequest {
  brandId: number;
  userId: number;
  purpose: DfoOneTimeTokenPurpose;
  token: string;
}

/** b.8 `POST /attachments/temporary` body. */
export interface DfoTemporaryAttachmentRequest {
  content: string;
  mimeType: string;
}

/** a.3 / a.5 `Brand`: every field present, as in DFO's own examples. */
export interface DfoBrand {
  id: number;
  friendlyName: string;
  tenantId: string;
  businessUnitId: number;
  timezone: string;
}
