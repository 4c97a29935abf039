import { Attachment, InboundAuthor, InboundEvent } from '../platform-adapter';
import {
  invalid,
  JsonObject,
  readArray,
  readBoolean,
  readId,
  readIsoDate,
  readObject,
  readOptionalId,
  readOptionalName,
  readOptionalUrl,
  readText,
  readUrl,
} from './payload-reader';

/** Limits of one inbound request (docs/architecture.md §6.3); the platform splits anything larger. */
export const MAX_EVENTS = 100;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_ATTACHMENTS = 10;

const EVENT_FIELDS = {
  message: ['type', 'id', 'threadId', 'createdAt', 'author', 'text', 'attachments'],
  typing: ['type', 'threadId', 'authorId', 'on'],
  delivered: ['type', 'messageId'],
  read: ['type', 'messageId'],
  left: ['type', 'threadId'],
} as const;
type EventType = keyof typeof EVENT_FIELDS;

/**
 * Parses the signed body `{events: [...]}` into normalised events. It reads the raw bytes that were verified, not a
 * re-serialised copy, and refuses the whole request at the first bad field, so a batch is stored entirely or not at
 * all. Events without a time of their own (typing, receipts, left) are stamped with the time we received them.
 */
export function parseWebhookEvents(rawBody: Buffer, receivedAt: Date): InboundEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw invalid('body', 'must be valid JSON');
  }
  const root = readObject(body, '', ['events']);
  return readArray(root, 'events', '', 1, MAX_EVENTS).map((event, i) => parseEvent(event, `events[${i}]`, receivedAt));
}

function parseEvent(value: unknown, field: string, at: Date): InboundEvent {
  const type = eventType(value, field);
  const event = readObject(value, field, EVENT_FIELDS[type]);
  switch (type) {
    case 'message':
      return parseMessage(event, field);
    case 'typing':
      return {
        type,
        threadId: readId(event, 'threadId', field),
        ...optional('authorId', readOptionalId(event, 'authorId', field)),
        on: readBoolean(event, 'on', field),
        at,
      };
    case 'delivered':
    case 'read':
      return { type, messageId: readId(event, 'messageId', field), at };
    case 'left':
      return { type, threadId: readId(event, 'threadId', field), at };
  }
}

function eventType(value: unknown, field: string): EventType {
  const type = typeof value === 'object' && value !== null ? (value as JsonObject).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_FIELDS, type)) {
    throw invalid(`${field}.type`, `must be one of ${Object.keys(EVENT_FIELDS).join(', ')}`);
  }
  return type as EventType;
}

function parseMessage(event: JsonObject, field: string): InboundEvent {
  const message = {
    type: 'message' as const,
    id: readId(event, 'id', field),
    threadId: readId(event, 'threadId', field),
    createdAt: readIsoDate(event, 'createdAt', field),
    author: parseAuthor(event.author, `${field}.author`),
    text: readText(event, 'text', field, MAX_TEXT_LENGTH),
    attachments: event.attachments === undefined ? [] : parseAttachments(event, field),
  };
  if (message.text.trim() === '' && message.attachments.length === 0) {
    throw invalid(`${field}.text`, 'is required when there are no attachments');
  }
  return message;
}

function parseAuthor(value: unknown, field: string): InboundAuthor {
  const author = readObject(value, field, ['id', 'firstName', 'lastName', 'nickname', 'image']);
  return {
    id: readId(author, 'id', field),
    ...optional('firstName', readOptionalName(author, 'firstName', field)),
    ...optional('lastName', readOptionalName(author, 'lastName', field)),
    ...optional('nickname', readOptionalName(author, 'nickname', field)),
    ...optional('image', readOptionalUrl(author, 'image', field)),
  };
}

function parseAttachments(event: JsonObject, field: string): Attachment[] {
  return readArray(event, 'attachments', field, 0, MAX_ATTACHMENTS).map((value, i) => {
    const path = `${field}.attachments[${i}]`;
    const attachment = readObject(value, path, ['url', 'name']);
    return { url: readUrl(attachment, 'url', path), name: readId(attachment, 'name', path) };
  });
}

/** Leaves absent optional fields out, rather than present as undefined, so normalised events compare cleanly. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
