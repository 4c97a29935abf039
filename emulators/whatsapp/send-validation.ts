import { GraphFailure, graphErrors } from './graph-errors';

/**
 * `POST /{version}/{phone-number-id}/messages` checked as Meta documents it: known keys only, the type-specific object
 * present and alone, the interactive limits (1–3 reply buttons, titles ≤ 20; lists ≤ 10 rows in ≤ 10 sections).
 * The first problem is thrown as Meta's error; a valid body comes back typed.
 */
export type SendRequest =
  | { kind: 'message'; to: string; type: string; content: Record<string, unknown>; contextMessageId?: string }
  | { kind: 'read'; messageId: string; typing: boolean };

type Json = Record<string, unknown>;
const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];
const MESSAGE_TYPES = ['text', 'interactive', 'template', 'reaction', 'location', 'contacts', ...MEDIA_TYPES];
const TOP_LEVEL = ['messaging_product', 'recipient_type', 'to', 'type', 'context', 'biz_opaque_callback_data', 'status', 'message_id', 'typing_indicator', ...MESSAGE_TYPES];

export function validateSend(body: unknown): SendRequest {
  const root = object(body, 'body');
  for (const key of Object.keys(root)) if (!TOP_LEVEL.includes(key)) throw graphErrors.unknownParameter(key);
  if (root.messaging_product === undefined) throw graphErrors.missing('messaging_product');
  if (root.messaging_product !== 'whatsapp') throw graphErrors.invalid('messaging_product must be "whatsapp"');
  if (root.status !== undefined) return readReceipt(root);
  if (root.recipient_type !== undefined && root.recipient_type !== 'individual') throw graphErrors.invalid('recipient_type must be "individual"');
  const to = text(root, 'to', 1, 20);
  if (!/^\+?\d{6,15}$/.test(to)) throw graphErrors.invalid(`Invalid 'to' parameter: ${to}`);
  const type = root.type === undefined ? 'text' : text(root, 'type', 1, 20);
  if (!MESSAGE_TYPES.includes(type)) throw graphErrors.invalid(`Invalid 'type' parameter: ${type}`);
  for (const other of MESSAGE_TYPES) if (other !== type && root[other] !== undefined) throw graphErrors.unknownParameter(other);
  const content = object(root[type], type);
  if (type === 'text') checkText(content);
  else if (type === 'interactive') checkInteractive(content);
  else if (type === 'template') checkTemplate(content);
  else if (MEDIA_TYPES.includes(type)) checkMedia(type, content);
  const contextMessageId = root.context === undefined ? undefined : text(object(root.context, 'context'), 'context.message_id', 1, 200, 'message_id');
  return { kind: 'message', to: to.replace(/^\+/, ''), type, content, contextMessageId };
}

function readReceipt(root: Json): SendRequest {
  if (root.status !== 'read') throw graphErrors.invalid('status must be "read"');
  const messageId = text(root, 'message_id', 1, 200);
  if (root.typing_indicator === undefined) return { kind: 'read', messageId, typing: false };
  const indicator = object(root.typing_indicator, 'typing_indicator');
  if (indicator.type !== 'text') throw graphErrors.invalid('typing_indicator.type must be "text"');
  return { kind: 'read', messageId, typing: true };
}

function checkText(content: Json): void {
  only(content, ['body', 'preview_url'], 'text');
  text(content, 'text.body', 1, 4096, 'body');
  if (content.preview_url !== undefined && typeof content.preview_url !== 'boolean') throw graphErrors.invalid('text.preview_url must be a boolean');
}

function checkMedia(type: string, content: Json): void {
  only(content, type === 'document' ? ['id', 'link', 'caption', 'filename'] : type === 'audio' || type === 'sticker' ? ['id', 'link'] : ['id', 'link', 'caption'], type);
  if ((content.id === undefined) === (content.link === undefined)) throw graphErrors.invalid(`${type} needs exactly one of id and link`);
  if (content.link !== undefined && !/^https?:\/\/\S+$/.test(text(content, `${type}.link`, 1, 2048, 'link'))) throw graphErrors.invalid(`${type}.link must be an http(s) URL`);
  if (content.caption !== undefined) text(content, `${type}.caption`, 1, 1024, 'caption');
  if (content.filename !== undefined) text(content, `${type}.filename`, 1, 240, 'filename');
}

function checkInteractive(content: Json): void {
  only(content, ['type', 'header', 'body', 'footer', 'action'], 'interactive');
  const kind = text(content, 'interactive.type', 1, 20, 'type');
  if (kind !== 'button' && kind !== 'list') throw graphErrors.invalid(`interactive.type ${kind} is not supported by the emulator`);
  text(object(content.body, 'interactive.body'), 'interactive.body.text', 1, 1024, 'text');
  if (content.footer !== undefined) text(object(content.footer, 'interactive.footer'), 'interactive.footer.text', 1, 60, 'text');
  if (content.header !== undefined) {
    const header = object(content.header, 'interactive.header');
    if (header.type !== 'text') throw graphErrors.invalid('interactive.header.type must be "text" in the emulator');
    text(header, 'interactive.header.text', 1, 60, 'text');
  }
  const action = object(content.action, 'interactive.action');
  if (kind === 'button') checkButtons(action);
  else checkList(action);
}

function checkButtons(action: Json): void {
  only(action, ['buttons'], 'interactive.action');
  const buttons = list(action.buttons, 'interactive.action.buttons');
  if (buttons.length < 1 || buttons.length > 3) throw graphErrors.invalid('Buttons count is invalid. Min: 1, Max: 3');
  const ids = new Set<string>();
  const titles = new Set<string>();
  buttons.forEach((raw, i) => {
    const button = object(raw, `buttons[${i}]`);
    if (button.type !== 'reply') throw graphErrors.invalid(`buttons[${i}].type must be "reply"`);
    const reply = object(button.reply, `buttons[${i}].reply`);
    const id = text(reply, `buttons[${i}].reply.id`, 1, 256, 'id');
    const title = text(reply, `buttons[${i}].reply.title`, 1, 20, 'title');
    if (ids.has(id) || titles.has(title)) throw graphErrors.invalid('Button IDs and titles must be unique');
    ids.add(id);
    titles.add(title);
  });
}

function checkList(action: Json): void {
  only(action, ['button', 'sections'], 'interactive.action');
  text(action, 'interactive.action.button', 1, 20, 'button');
  const sections = list(action.sections, 'interactive.action.sections');
  if (sections.length < 1 || sections.length > 10) throw graphErrors.invalid('Sections count is invalid. Min: 1, Max: 10');
  const ids = new Set<string>();
  sections.forEach((raw, s) => {
    const section = object(raw, `sections[${s}]`);
    if (sections.length > 1 || section.title !== undefined) text(section, `sections[${s}].title`, 1, 24, 'title');
    for (const row of list(section.rows, `sections[${s}].rows`).map((r, i) => object(r, `sections[${s}].rows[${i}]`))) {
      const id = text(row, 'row.id', 1, 200, 'id');
      text(row, 'row.title', 1, 24, 'title');
      if (row.description !== undefined) text(row, 'row.description', 1, 72, 'description');
      if (ids.has(id)) throw graphErrors.invalid('Row IDs must be unique');
      ids.add(id);
    }
  });
  if (ids.size < 1 || ids.size > 10) throw graphErrors.invalid('Total row count exceed max allowed count: 10');
}

function checkTemplate(content: Json): void {
  only(content, ['name', 'language', 'components'], 'template');
  text(content, 'template.name', 1, 512, 'name');
  text(object(content.language, 'template.language'), 'template.language.code', 2, 15, 'code');
  if (content.components !== undefined) list(content.components, 'template.components').forEach((c, i) => object(c, `template.components[${i}]`));
}

function only(value: Json, keys: string[], where: string): void {
  for (const key of Object.keys(value)) if (!keys.includes(key)) throw graphErrors.unknownParameter(`${where}.${key}`);
}

function object(value: unknown, name: string): Json {
  if (value === undefined) throw graphErrors.missing(name);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw graphErrors.invalid(`${name} must be an object`);
  return value as Json;
}

function list(value: unknown, name: string): unknown[] {
  if (value === undefined) throw graphErrors.missing(name);
  if (!Array.isArray(value)) throw graphErrors.invalid(`${name} must be an array`);
  return value;
}

function text(holder: Json, name: string, min: number, max: number, key = name): string {
  const value = holder[key];
  if (value === undefined) throw graphErrors.missing(name);
  if (typeof value !== 'string') throw graphErrors.invalid(`${name} must be a string`);
  if ([...value].length < min || [...value].length > max) throw graphErrors.invalid(`${name} length invalid. Min length: ${min}, Max length: ${max}`);
  return value;
}

export { GraphFailure };
