import { ChannelSettings } from '../core/domain/channel-settings';
import { FieldProblem } from '../core/errors/domain-error';
import { AdapterCapabilities, AdapterDescriptor, secretFieldsOf } from './adapter-descriptor';

export type { AdapterCapabilities, AdapterDescriptor } from './adapter-descriptor';

/** Every adapter name; the registry (`adapter-registry.ts`) must map each one, or it does not compile. */
export const ADAPTER_NAMES = ['webhook', 'webchat'] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

/** What an adapter is given about a channel: its config with secrets already opened, and its lifecycle settings. */
export interface AdapterChannel {
  id: string;
  brandId: string;
  dfoChannelId: string;
  config: Record<string, unknown>;
  settings: ChannelSettings;
}

/** The platform's raw request, as the inbound controller received it. */
export interface InboundRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  body: unknown;
  receivedAt: Date;
}

export interface InboundAuthor {
  id: string;
  firstName?: string;
  lastName?: string;
  nickname?: string;
  image?: string;
}

export interface Attachment {
  url: string;
  name: string;
}

/** Normalised platform events. Thread and author ids are the platform's own. */
export type InboundEvent =
  | { type: 'message'; id: string; threadId: string; createdAt: Date; author: InboundAuthor; text: string; attachments: Attachment[] }
  | { type: 'typing'; threadId: string; authorId?: string; on: boolean; at: Date }
  | { type: 'delivered'; messageId: string; at: Date }
  | { type: 'read'; messageId: string; at: Date }
  /** The end user is still there without writing (the web chat's "I'm still here"): activity for the idle clock. */
  | { type: 'heartbeat'; threadId: string; authorId?: string; at: Date }
  | { type: 'left'; threadId: string; at: Date };

/** An agent (or system) message to deliver to the end user. */
export interface OutboundMessage {
  /** Our id for the message: the `idOnExternalPlatform` DFO was answered with, and the id receipts refer to. */
  id: string;
  /** The platform's thread id. */
  threadId: string;
  recipient: { id: string; name?: string };
  text: string;
  attachments: Attachment[];
  agent?: { name?: string };
  /** `system` for our own texts (idle warning, closed text). */
  authorKind: 'agent' | 'system';
}

export type LifecycleEvent =
  | { type: 'conversation.idle_warning'; threadId: string; text: string; closesAt: Date }
  | { type: 'conversation.resumed'; threadId: string }
  | { type: 'conversation.closed'; threadId: string; reason: 'agent' | 'idle_timeout' | 'customer' | 'admin'; text?: string };

/** What became of an end user's message on the agent's side, for platforms that show it to the end user. */
export interface DeliveryStatusUpdate {
  /** The platform's thread id. */
  threadId: string;
  /** The platform's id of the end user's message (`InboundEvent.id`). */
  messageId: string;
  /** `delivered`: DFO accepted it; `failed`: given up; `blocked`: not forwarded, the conversation was closed. */
  status: 'delivered' | 'failed' | 'blocked';
}

export interface SendResult {
  /** The platform's own id for the message, when it returns one. */
  platformMessageId: string | null;
}

/**
 * The port every platform adapter implements. An adapter only translates: it takes our normalised objects plus the
 * channel's config, talks to its platform, and maps the answer or the failure to a result or a coded
 * `PlatformAdapterError` (`RETRYABLE`, `REJECTED`, `AUTH_FAILED`, `INVALID_PAYLOAD`). It keeps no mutable state:
 * everything about a channel arrives with each call.
 */
export abstract class PlatformAdapter {
  abstract readonly name: AdapterName;
  /** The adapter's one declaration of its config schema and capabilities (§9.8); everything below reads it. */
  abstract readonly descriptor: AdapterDescriptor;

  get capabilities(): AdapterCapabilities {
    return this.descriptor.capabilities;
  }

  /** Config fields that hold secrets (`writeOnly` in the schema): sealed at rest, never returned by the API. */
  get secretConfigFields(): readonly string[] {
    return secretFieldsOf(this.descriptor.configSchema);
  }

  /**
   * Checks an adapter config from the admin API against the declared schema, plus what a schema cannot say (that a
   * URL parses); each problem names its field (`adapterConfig.outboundUrl`).
   */
  abstract validateConfig(config: Record<string, unknown>): FieldProblem[];

  /**
   * Verifies (signature, freshness) and parses an inbound request into events. Throws `AUTH_FAILED` for a bad
   * signature and `INVALID_PAYLOAD` (with the field) for a malformed body; in both cases nothing may be stored.
   */
  abstract parseInbound(channel: AdapterChannel, request: InboundRequest): Promise<InboundEvent[]>;

  /** Delivers a message on an existing conversation. */
  abstract sendMessage(channel: AdapterChannel, message: OutboundMessage): Promise<SendResult>;

  /** Starts a conversation with `message.recipient` (agent-initiated outbound); `message.threadId` is the new id. */
  abstract startConversation(channel: AdapterChannel, message: OutboundMessage): Promise<SendResult>;

  /** Agent typing on or off. */
  abstract sendTyping(channel: AdapterChannel, threadId: string, on: boolean): Promise<void>;

  /** Idle warning, resumed and closed. */
  abstract sendLifecycle(channel: AdapterChannel, event: LifecycleEvent): Promise<void>;

  /**
   * Optional: the delivery state of one of the end user's own messages (the web chat shows it under the message).
   * Best effort: adapters whose platform cannot show it do not implement it.
   */
  sendDeliveryStatus?(channel: AdapterChannel, update: DeliveryStatusUpdate): Promise<void>;
}
