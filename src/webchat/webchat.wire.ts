/**
 * The web chat's wire types that the browser widget compiles against too (`widget/widget-api.ts` reads them with
 * type-only `import('…')` types). So this file holds exported interfaces and type aliases only: it must stay free of
 * values and of imports, because the widget's compiler pulls it in and the widget runs without modules.
 */

/** How the widget shows the state of the visitor's own message. */
export type WebchatDeliveryStatus = 'sent' | 'delivered' | 'failed' | 'blocked';

export interface WebchatAttachment {
  url: string;
  name: string;
}

/** One message of `GET /webchat/{channelId}/history`. */
export interface WebchatHistoryMessage {
  /** The message's id on the web chat side (`<endUserId>:<clientMessageId>` for the visitor's own). */
  id: string;
  clientMessageId: string | null;
  direction: 'inbound' | 'outbound';
  authorKind: 'end_user' | 'agent' | 'system';
  agentName: string | null;
  text: string;
  attachments: WebchatAttachment[];
  /** The visitor's own messages only. */
  deliveryStatus: WebchatDeliveryStatus | null;
  createdAt: string;
}

/** `GET /webchat/{channelId}/history`: what a widget shows after a (re)load. */
export interface WebchatHistory {
  threadId: string;
  /** `new`: nothing was written yet. */
  status: 'new' | 'open' | 'idle_warning' | 'closed';
  closedReason: string | null;
  closedText: string | null;
  canStartNew: boolean;
  idleWarningText: string | null;
  closesAt: string | null;
  /** Open the event stream with this `lastEventId`: it then carries exactly what happened after this history. */
  lastEventId: string;
  serverTime: string;
  messages: WebchatHistoryMessage[];
}
