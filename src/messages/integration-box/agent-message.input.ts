import type { DfoMessageContent } from '../../dfo-client/dfo.types';
import { ValidationFailedError } from '../../core/errors/core.errors';
import { FieldProblem } from '../../core/errors/domain-error';
import { AgentInfo, MessageAttachment } from '../../threads/message.entity';
import { RecipientInput } from '../../threads/thread-recipient.repository';

/** An agent message from DFO (a.2 or a.3), in our terms. */
export interface AgentMessageInput {
  /** DFO's `thread.idOnExternalPlatform`: our `dfo_thread_ref`. */
  threadRef: string;
  content: DfoMessageContent;
  attachments: MessageAttachment[];
  /** `endUserRecipients` (a.3) or `recipients` (a.2): who an agent-initiated conversation is with. */
  recipients: RecipientInput[];
  agent: AgentInfo | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonBlank = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Reads DFO's request bodies leniently where DFO may send more than we know (unknown fields are ignored, never
 * refused: a refusal would fail the agent's chat) and strictly where we depend on a field, naming it when it is
 * missing. These shapes are partly reconstructed (docs/dfo-contract.md a.2/a.3), so this is the one place to adjust.
 */
export function readAgentReply(body: unknown): AgentMessageInput {
  const problems: FieldProblem[] = [];
  const root = isObject(body) ? body : (problems.push({ field: 'body', message: 'must be a JSON object' }), {});
  const thread = root.thread;
  const threadRef = isObject(thread) && nonBlank(thread.idOnExternalPlatform) ? thread.idOnExternalPlatform : '';
  if (!threadRef) problems.push({ field: 'thread.idOnExternalPlatform', message: 'is required' });
  return finish(root, threadRef, root.endUserRecipients, 'endUserRecipients', root.authorUser, problems);
}

/** a.2 `POST /1.0/posts/{postId}/messages`: the thread is the path's post id; the body's shape is [UNKNOWN]. */
export function readLegacyReply(postId: string, body: unknown): AgentMessageInput {
  const problems: FieldProblem[] = [];
  const root = isObject(body) ? body : (problems.push({ field: 'body', message: 'must be a JSON object' }), {});
  return finish(root, postId, root.recipients ?? root.endUserRecipients, 'recipients', root.authorUser ?? root.author, problems);
}

function finish(root: Json, threadRef: string, recipients: unknown, recipientsField: string, author: unknown, problems: FieldProblem[]): AgentMessageInput {
  const input: AgentMessageInput = {
    threadRef,
    content: readContent(root.messageContent, problems),
    attachments: readAttachments(root.attachments, problems),
    recipients: readRecipients(recipients, recipientsField, problems),
    agent: readAgent(author),
  };
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return input;
}

function readContent(value: unknown, problems: FieldProblem[]): DfoMessageContent {
  if (!isObject(value)) {
    problems.push({ field: 'messageContent', message: 'is required' });
    return { type: 'TEXT', payload: {} };
  }
  if (!nonBlank(value.type)) problems.push({ field: 'messageContent.type', message: 'is required' });
  if (!isObject(value.payload)) problems.push({ field: 'messageContent.payload', message: 'must be an object' });
  const content = { ...value, payload: isObject(value.payload) ? value.payload : {} } as DfoMessageContent;
  const text = content.payload.text ?? content.fallbackText;
  if (text !== undefined && text !== null && typeof text !== 'string') problems.push({ field: 'messageContent.payload.text', message: 'must be a string' });
  return content;
}

function readAttachments(value: unknown, problems: FieldProblem[]): MessageAttachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ field: 'attachments', message: 'must be an array' });
    return [];
  }
  return value.flatMap((a: unknown, i) => {
    if (isObject(a) && nonBlank(a.url)) return [{ url: a.url, name: nonBlank(a.friendlyName) ? a.friendlyName : a.url.split('/').pop() || 'attachment' }];
    problems.push({ field: `attachments[${i}].url`, message: 'is required' });
    return [];
  });
}

function readRecipients(value: unknown, field: string, problems: FieldProblem[]): RecipientInput[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ field, message: 'must be an array' });
    return [];
  }
  return value.flatMap((r: unknown, i) => {
    if (!isObject(r) || !nonBlank(r.idOnExternalPlatform)) {
      problems.push({ field: `${field}[${i}].idOnExternalPlatform`, message: 'is required' });
      return [];
    }
    return [{ idOnExternalPlatform: r.idOnExternalPlatform, name: nonBlank(r.name) ? r.name : null, isPrimary: r.isPrimary === true, isPrivate: r.isPrivate === true }];
  });
}

/** DFO's `authorUser` (a `User`: `firstName`, `surname`, `nickname`); optional, so never a reason to refuse. */
function readAgent(value: unknown): AgentInfo | null {
  if (!isObject(value)) return null;
  const name = [value.firstName, value.surname].filter(nonBlank).join(' ') || (nonBlank(value.nickname) ? value.nickname : '');
  const id = typeof value.id === 'number' || typeof value.id === 'string' ? value.id : undefined;
  return name || id !== undefined ? { ...(id !== undefined ? { id } : {}), ...(name ? { name } : {}) } : null;
}
