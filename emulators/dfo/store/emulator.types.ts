import type {
  DfoAttachment,
  DfoCaseStatus,
  DfoEndUserIdentity,
  DfoMessageContent,
  DfoMessageDeliveryStatus,
  DfoRecipient,
} from '../wire.types';

/**
 * The emulator's state, as plain JSON-serialisable records (the embedded mode persists them to a file). These are
 * the emulator's own records; what goes on the wire is built from them by `dfo/dfo.mappers.ts`.
 */

/** A DFO brand (tenant business unit). Tokens, channels, customers and cases belong to one. */
export interface EmuBrand {
  id: number;
  friendlyName: string;
  tenantId: string;
  businessUnitId: number;
  timezone: string;
  /** Access keys bound to this brand (`POST /auth/token` username/password, `/engager/2.0/token` client id/secret). */
  accessKeys: Array<{ keyId: string; secret: string }>;
}

/** What a CXone admin pastes into the "Bring Your Own Channel" form; CXone then issues the Integration ID. */
export interface EmuIntegration {
  channelIntegrationId: string;
  name: string;
  integrationBoxUrl: string;
  authorizationUrl: string;
  clientId: string;
  clientSecret: string;
  /** The "Use DFO 3.0 Outbound API for replies" toggle: `2.0` outbound or legacy `1.0` posts. */
  replyApi: '2.0' | '1.0';
  /** When set, only tokens of this brand may create channels of the integration. */
  brandId: number | null;
  /** Whether a.3/a.2 bodies carry the agent (`authorUser`/`author`); [UNKNOWN] for real DFO, so it can be turned off. */
  includeAuthorUser: boolean;
  /** The BYOC form's mTLS fields: presented on every call to the middleware (token and Integration Box); null: none. */
  clientCertificate: EmuClientCertificate | null;
  registeredAt: string;
}

/** "Client certificate", "Private key" (perhaps encrypted: then its password) and "CA certificate", as pasted into the form. */
export interface EmuClientCertificate {
  certificatePem: string;
  privateKeyPem: string;
  privateKeyPassword: string | null;
  caCertificatePem: string;
}

export interface EmuChannel {
  id: string;
  brandId: number;
  idOnExternalPlatform: string;
  channelIntegrationId: string;
  realExternalPlatformId: string;
  name: string;
  isPrivate: boolean;
  hasTreeStructure: boolean;
  /** The optional `NewChannel` flags as sent. */
  flags: Record<string, unknown>;
  isDeleted: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface EmuCustomField {
  ident: string;
  value: string;
  updatedAt: string;
}

/** A customer identity on one channel (DFO keeps customers per brand with one identity per channel). */
export interface EmuCustomer {
  id: string;
  brandId: number;
  channelId: string;
  idOnExternalPlatform: string;
  firstName: string | null;
  lastName: string | null;
  nickname: string | null;
  image: string | null;
  customFields: EmuCustomField[];
  createdAt: string;
  updatedAt: string;
}

export interface EmuThread {
  id: string;
  brandId: number;
  channelId: string;
  idOnExternalPlatform: string;
  threadName: string;
  canAddMoreMessages: boolean;
  /** The end user's typing state, as last reported through b.5 sender actions. */
  customerTyping: { on: boolean; at: string } | null;
  currentCaseId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EmuStatusChange {
  status: DfoCaseStatus;
  at: string;
  /** Who changed it: the middleware through the API, the agent (console/test API), or a new inbound message. */
  by: 'api' | 'agent' | 'inbound';
}

/** A case (DFO "contact"): one conversation episode on a thread. */
export interface EmuCase {
  /** The contact number, a numeric string such as "1749798712389111". */
  id: string;
  contactId: string;
  interactionId: string;
  brandId: number;
  channelId: string;
  threadId: string;
  threadIdOnExternalPlatform: string;
  customerId: string | null;
  direction: 'inbound' | 'outbound';
  status: DfoCaseStatus;
  statusUpdatedAt: string;
  statusHistory: EmuStatusChange[];
  customFields: EmuCustomField[];
  recipients: DfoRecipient[];
  /** The end user the agent writes to (the author of the first inbound message, or the outbound recipient). */
  endUser: DfoRecipient | null;
  createdAt: string;
  updatedAt: string;
}

/** What happened when the emulator passed an agent message to the middleware's Integration Box. */
export interface EmuAgentDelivery {
  state: 'sending' | 'sent' | 'failed';
  httpStatus: number | null;
  error: string | null;
  /** Deviations that did not fail the call (e.g. a 2.0 reply answer without `thread`). */
  warnings: string[];
  callIds: number[];
}

export interface EmuDeliveryStatus {
  status: DfoMessageDeliveryStatus;
  updatedAt: string;
  reason: string | null;
  receivedAt: string;
}

export interface EmuMessage {
  id: string;
  brandId: number;
  caseId: string;
  threadId: string;
  channelId: string;
  direction: 'inbound' | 'outbound';
  /**
   * create_message: posted by the middleware (b.2; inbound from the end user, or an outbound echo); agent: written in
   * the agent console or through the test API; api_outbound: sent through b.4 `POST /channels/{id}/outbound`.
   */
  origin: 'create_message' | 'agent' | 'api_outbound';
  /** For agent/api messages this is null until the middleware answers with its own message id. */
  idOnExternalPlatform: string | null;
  messageContent: DfoMessageContent;
  attachments: DfoAttachment[];
  authorEndUserIdentity: DfoEndUserIdentity | null;
  authorUser: EmuAgentUser | null;
  recipients: DfoRecipient[];
  replyToMessage: { idOnExternalPlatform?: string } | null;
  title: string | null;
  /** The platform's own timestamp (b.2 `createdAtWithMilliseconds`), or the emulator's for agent messages. */
  createdAtWithMilliseconds: string;
  /** When the emulator stored it. */
  createdAt: string;
  /** How often the same (channel, direction, idOnExternalPlatform) was posted; above 1 means a duplicate send. */
  receivedCount: number;
  /** b.3 statuses reported by the middleware, oldest first. */
  deliveryStatuses: EmuDeliveryStatus[];
  agentDelivery: EmuAgentDelivery | null;
}

export interface EmuAgentUser {
  id: number;
  firstName: string;
  surname: string;
  nickname: string;
  emailAddress: string;
  loginUsername: string;
  imageUrl: string | null;
  isBotUser: boolean;
  isSurveyUser: boolean;
}

export interface EmuCustomFieldDefinition {
  ident: string;
  label: string;
  type: 'text' | 'email' | 'list' | 'date';
  isRequired: boolean;
  isEditable: boolean;
  values: string[];
  [flag: string]: unknown;
}

/** Everything the store keeps, in the shape it is persisted. */
export interface EmuSnapshot {
  version: 1;
  lastCaseNumber: string;
  brands: EmuBrand[];
  integrations: EmuIntegration[];
  channels: EmuChannel[];
  customers: EmuCustomer[];
  threads: EmuThread[];
  cases: EmuCase[];
  messages: EmuMessage[];
  customerFieldDefinitions: Array<{ brandId: number; definition: EmuCustomFieldDefinition }>;
  contactFieldDefinitions: Array<{ brandId: number; definition: EmuCustomFieldDefinition }>;
}
