import {
  CASE_STATUSES,
  CHANNEL_BOOLEAN_FLAGS,
  CREATE_CASE_STATUSES,
  DELIVERY_STATUSES,
  DIRECTIONS,
  EXTERNAL_PLATFORM_ICONS,
  ONE_TIME_TOKEN_PURPOSES,
  REAL_EXTERNAL_PLATFORM_IDS,
  SENDER_ACTIONS,
  SUPPORTED_MESSAGE_TYPES,
} from './dfo.enums';
import { httpUrl, messageContent } from './message-content.schema';
import { all, arrayOf, boolean, Check, FieldSpec, integer, isPlainObject, object, oneOf, optional, problem, required, string } from './schema';
import { dateTime, dateTimeWithMilliseconds } from './timestamps';

/**
 * Request bodies of the emulated `/dfo/3.0` operations (docs/dfo-contract.md b.1–b.8), field for field. Where the
 * contract marks a field optional but a request without it would mean nothing (a sender action without `action`, a
 * thread update without `canAddMoreMessages`), the emulator requires it: see emulators/dfo/README.md.
 */

/** External ids are used in URL paths and as keys; the 255 limit is the emulator's guard against rubbish [INF]. */
const externalId = () => string({ maxLength: 255 });
const pathSafeId = () => string({ maxLength: 255, pattern: /^[^/?#\s]+$/, patternMessage: 'This value must not contain "/", "?", "#" or whitespace.' });
const text = () => string({ allowBlank: true });

export const recipient = object({
  idOnExternalPlatform: required(externalId()),
  name: optional(text()),
  isPrimary: optional(boolean()),
  isPrivate: optional(boolean()),
  anonymizedAt: optional(dateTime(), { nullable: true }),
  anonymizedReason: optional(text(), { nullable: true }),
});

const customField = object({ ident: required(string()), value: required(text()), updatedAt: optional(dateTime()) });

const imageUrl: Check = (value, path, out) => {
  if (value === '') return;
  httpUrl()(value, path, out);
};

export const endUserIdentity = object({
  idOnExternalPlatform: required(externalId()),
  firstName: optional(text()),
  lastName: optional(text()),
  nickname: optional(text()),
  image: optional(imageUrl),
  customFields: optional(arrayOf(customField)),
});

const attachment = object({ friendlyName: required(string()), url: required(httpUrl()) });

const contactInformation = object({
  customFields: optional(arrayOf(object({ ident: required(string()), value: required(text()) }))),
  elevation: optional(string()),
  status: optional(oneOf(CREATE_CASE_STATUSES)),
  direction: optional(oneOf(DIRECTIONS)),
  statusUpdatedAt: optional(dateTime()),
  skillId: optional(integer({ min: 1 })),
});

const browserFingerprint = object({
  ...Object.fromEntries(
    ['browser', 'browserVersion', 'os', 'osVersion', 'language', 'ip', 'location', 'country', 'deviceType', 'deviceToken', 'applicationType'].map(
      (name) => [name, optional(text(), { nullable: true })],
    ),
  ),
  supportedMessageTypes: optional(arrayOf(oneOf(SUPPORTED_MESSAGE_TYPES))),
});

/** A TEXT message may have an empty text only when it carries attachments (an attachment-only message) [INF]. */
const textOrAttachments: Check = (value, _path, out) => {
  if (!isPlainObject(value) || !isPlainObject(value.messageContent)) return;
  const { type, payload } = value.messageContent;
  const attachments = Array.isArray(value.attachments) ? value.attachments : [];
  if (type === 'TEXT' && isPlainObject(payload) && typeof payload.text === 'string' && payload.text.trim() === '' && attachments.length === 0) {
    problem(out, 'messageContent.payload.text', 'This value should not be blank.', 'IS_BLANK');
  }
};

/** b.2 `NewMessage`. */
export const newMessage: Check = all(
  object({
    idOnExternalPlatform: required(externalId()),
    direction: required(oneOf(DIRECTIONS)),
    createdAtWithMilliseconds: required(dateTimeWithMilliseconds()),
    thread: required(object({ idOnExternalPlatform: required(externalId()), threadName: optional(text()) })),
    messageContent: required(messageContent()),
    authorEndUserIdentity: required(endUserIdentity),
    recipients: optional(arrayOf(recipient)),
    authorRecipients: optional(arrayOf(recipient)),
    attachments: optional(arrayOf(attachment)),
    replyToMessage: optional(object({ idOnExternalPlatform: optional(externalId()) })),
    isReplyToSpecificMessage: optional(boolean()),
    title: optional(text()),
    url: optional(httpUrl()),
    deletedOnExternalPlatform: optional(boolean()),
    tagIds: optional(arrayOf(integer({ min: 1 }))),
    reactionStatistics: optional(
      object({ likes: optional(integer({ min: 0 })), shares: optional(integer({ min: 0 })), isLikedByChannel: optional(boolean()), isSharedByChannel: optional(boolean()) }),
    ),
    browserFingerprint: optional(browserFingerprint),
    contact: optional(contactInformation),
    externalAttributes: optional(arrayOf(object({ key: required(string()), value: required(text()) }))),
  }),
  textOrAttachments,
);

/** b.4 `OutboundMessageToCreate` (the fields NICE's agent apps send). */
export const outboundMessage: Check = all(
  object({
    thread: optional(object({ idOnExternalPlatform: optional(externalId()), threadName: optional(text()) })),
    messageContent: required(messageContent()),
    recipients: required(arrayOf(recipient, { min: 1 })),
    title: optional(text()),
    attachments: optional(arrayOf(object({ friendlyName: required(string()), url: required(httpUrl()), isInline: optional(boolean()) }))),
    replyToMessage: optional(object({ idOnExternalPlatform: optional(externalId()), id: optional(string()) })),
    originChannel: optional(object({ id: required(string()) })),
    forward: optional(object({ message: required(object({ id: required(string()) })), id: optional(string()) }), { nullable: true }),
    contact: optional(object({ elevation: optional(string()), customFields: optional(arrayOf(object({ ident: required(string()), value: required(text()) }))), skillId: optional(integer({ min: 1 })) })),
    isReplyToSpecificMessage: optional(boolean()),
  }),
  textOrAttachments,
);

/** b.1 `NewChannel`. */
export const newChannel = object({
  id: required(pathSafeId()),
  idOnExternalPlatform: required(externalId()),
  channelIntegrationId: required(externalId()),
  realExternalPlatformId: required(oneOf(REAL_EXTERNAL_PLATFORM_IDS)),
  name: required(string({ maxLength: 255 })),
  isPrivate: required(boolean()),
  hasTreeStructure: required(boolean()),
  ...(Object.fromEntries(CHANNEL_BOOLEAN_FLAGS.map((flag) => [flag, optional(boolean())])) as Record<string, FieldSpec>),
  contentFormat: optional(oneOf(['html', 'plain'])),
  translationGroup: optional(oneOf(['default', 'email', 'phone'])),
  externalPlatformAvatar: optional(imageUrl, { nullable: true }),
  externalPlatformIcon: optional(oneOf(EXTERNAL_PLATFORM_ICONS), { nullable: true }),
  ownerUserId: optional(integer({ min: 1 }), { nullable: true }),
  studioScript: optional(string(), { nullable: true }),
});

/** b.3 `MessageStatus`. */
export const messageStatus = object({
  status: required(oneOf(DELIVERY_STATUSES)),
  updatedAt: required(dateTime()),
  reason: optional(text()),
});

/** b.5 sender action; `action` is optional in the spec but required here (an empty action means nothing). */
export const senderAction = object({ action: required(oneOf(SENDER_ACTIONS)) });

/** b.5 thread update; `canAddMoreMessages` required for the same reason. */
export const threadUpdate = object({ canAddMoreMessages: required(boolean()) });

/** b.6 `PUT /contacts/{n}/status`. */
export const contactStatus = object({ status: required(oneOf(CASE_STATUSES)), updatedByUserId: optional(integer({ min: 1 })) });

/** b.7 `PUT /customers/custom-field-definitions`. */
export const customFieldDefinition: Check = all(
  object({
    ident: required(string({ maxLength: 100, pattern: /^[A-Za-z0-9_.-]+$/, patternMessage: 'This value may only contain letters, digits, "_", "." and "-".' })),
    label: required(string({ maxLength: 255 })),
    type: required(oneOf(['text', 'email', 'list'])),
    isRequired: optional(boolean()),
    isEditable: optional(boolean()),
    isVisibleInRightPanel: optional(boolean()),
    isVisibleInCustomerCard: optional(boolean()),
    values: optional(arrayOf(string())),
  }),
  (value, _path, out) => {
    if (isPlainObject(value) && value.type === 'list' && (!Array.isArray(value.values) || value.values.length === 0)) {
      problem(out, 'values', 'A list field needs at least one value.', 'TOO_FEW');
    }
  },
);

/** a.5 `POST /one-time-token/verification`. */
export const oneTimeTokenVerification = object({
  brandId: required(integer({ min: 1 })),
  userId: required(integer({ min: 1 })),
  purpose: required(oneOf(ONE_TIME_TOKEN_PURPOSES)),
  token: required(string({ maxLength: 1000 })),
});

/** b.8 `POST /attachments/temporary`. */
export const temporaryAttachment = object({
  content: required(string({ pattern: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, patternMessage: 'This value is not valid base64.' })),
  mimeType: required(string({ maxLength: 255, pattern: /^[A-Za-z0-9][\w.+-]*\/[A-Za-z0-9][\w.+-]*$/, patternMessage: 'This value is not a valid MIME type.' })),
});
