import type { DfoAttachment, DfoMessageContent, DfoRecipient, DfoSenderAction } from '../wire.types';
import { toDfoBrand } from '../dfo/dfo.mappers';
import { isRfc3339 } from '../validation/timestamps';
import { EmuAgentUser, EmuBrand, EmuIntegration } from '../store/emulator.types';

/**
 * The bodies DFO sends to a middleware's Integration Box (docs/dfo-contract.md a.2–a.4) and the checks DFO applies to
 * the answers. Paths are relative to the integration's Integration Box URL.
 */

export interface ReplyContext {
  integration: EmuIntegration;
  brand: EmuBrand;
  channelId: string;
  thread: { idOnExternalPlatform: string; threadName: string };
  messageContent: DfoMessageContent;
  attachments: DfoAttachment[];
  endUserRecipients: DfoRecipient[];
  replyToMessage: { idOnExternalPlatform: string } | null;
  agent: EmuAgentUser | null;
}

export interface BoxRequest {
  path: string;
  body: Record<string, unknown>;
}

const seg = encodeURIComponent;

/** a.3 (`replyApi` 2.0) or a.2 (`replyApi` 1.0). */
export function replyRequest(ctx: ReplyContext): BoxRequest {
  const agent = ctx.integration.includeAuthorUser ? ctx.agent : null;
  const messageContent = { ...ctx.messageContent, fallbackText: ctx.messageContent.fallbackText ?? null, postback: ctx.messageContent.postback ?? null };
  if (ctx.integration.replyApi === '2.0') {
    return {
      path: `/2.0/channel/${seg(ctx.channelId)}/outbound`,
      body: {
        brand: toDfoBrand(ctx.brand),
        thread: ctx.thread,
        messageContent,
        endUserRecipients: ctx.endUserRecipients,
        replyToMessage: ctx.replyToMessage,
        isReplyToSpecificMessage: false,
        attachments: ctx.attachments,
        forward: null,
        ...(agent ? { authorUser: agent } : {}),
      },
    };
  }
  // The 1.0 body is [UNKNOWN]: this reconstruction carries both guesses seen in samples (`post` and `thread`).
  return {
    path: `/1.0/posts/${seg(ctx.thread.idOnExternalPlatform)}/messages`,
    body: {
      brand: toDfoBrand(ctx.brand),
      post: ctx.thread,
      thread: ctx.thread,
      messageContent,
      recipients: ctx.endUserRecipients,
      attachments: ctx.attachments,
      replyToMessage: ctx.replyToMessage,
      ...(agent ? { author: agent } : {}),
    },
  };
}

/** a.4 typing indicator. */
export function senderActionRequest(brand: EmuBrand, channelId: string, threadIdOnExternalPlatform: string, action: DfoSenderAction, agent: EmuAgentUser): BoxRequest {
  return {
    path: `/1.0/channel/${seg(channelId)}/thread/${seg(threadIdOnExternalPlatform)}/sender-action`,
    body: { brand: toDfoBrand(brand), senderAction: { action }, authorUser: agent },
  };
}

export interface ReplyVerdict {
  idOnExternalPlatform: string | null;
  error: string | null;
  warnings: string[];
}

const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const nonBlank = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * DFO "expects an HTTP 200 reply with the message ID from the external platform included in a JSON payload" [DOC]:
 * `message.idOnExternalPlatform` on 2.0, `idOnExternalPlatform` on 1.0. Other a.3 blocks are checked as warnings.
 */
export function judgeReply(replyApi: '2.0' | '1.0', status: number, body: unknown, threadIdOnExternalPlatform: string): ReplyVerdict {
  const warnings: string[] = [];
  if (status !== 200) return { idOnExternalPlatform: null, error: `expected HTTP 200, got ${status}`, warnings };
  const root = obj(body);
  if (replyApi === '1.0') {
    return nonBlank(root?.idOnExternalPlatform)
      ? { idOnExternalPlatform: root.idOnExternalPlatform, error: null, warnings }
      : { idOnExternalPlatform: null, error: 'the answer lacks idOnExternalPlatform', warnings };
  }
  const message = obj(root?.message);
  if (!nonBlank(message?.idOnExternalPlatform)) return { idOnExternalPlatform: null, error: 'the answer lacks message.idOnExternalPlatform', warnings };
  if (message.createdAtWithMilliseconds !== undefined && !(typeof message.createdAtWithMilliseconds === 'string' && isRfc3339(message.createdAtWithMilliseconds))) {
    warnings.push('message.createdAtWithMilliseconds is not an RFC 3339 date-time');
  }
  const thread = obj(root?.thread);
  if (!thread) warnings.push('the answer lacks thread');
  else if (thread.idOnExternalPlatform !== threadIdOnExternalPlatform) warnings.push(`thread.idOnExternalPlatform is "${String(thread.idOnExternalPlatform)}", not "${threadIdOnExternalPlatform}"`);
  if (!Array.isArray(root?.endUserIdentities)) warnings.push('the answer lacks endUserIdentities');
  if (!Array.isArray(root?.recipients)) warnings.push('the answer lacks recipients');
  return { idOnExternalPlatform: message.idOnExternalPlatform, error: null, warnings };
}
