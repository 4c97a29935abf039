import { DfoCredentials } from './dfo-credentials';
import {
  DfoCaseStatus,
  DfoChannel,
  DfoContact,
  DfoContactList,
  DfoContactQuery,
  DfoCreateMessageResponse,
  DfoCustomFieldDefinition,
  DfoMessageDeliveryStatus,
  DfoMessageList,
  DfoMessageQuery,
  DfoNewChannel,
  DfoNewMessage,
  DfoOneTimeTokenRequest,
  DfoOneTimeTokenVerification,
  DfoOutboundMessage,
  DfoSenderAction,
  DfoTemporaryAttachment,
} from './dfo.types';

/**
 * The port for CXone DFO (`/dfo/3.0`), one method per operation we use. Implementations handle tokens (per-brand
 * cache, single-flight refresh, one refresh-and-retry on 401), timeouts and retries with backoff, and fail with
 * `DfoError` only. Paths are relative to `credentials.apiBaseUrl`.
 */
export abstract class DfoClient {
  /**
   * b.2 `POST /channels/{channelId}/messages`. Repeated only after a 429 or a 503; not on a timeout, a lost connection
   * or another 5xx (DFO may have created the message): it fails `RETRYABLE`, and the caller asks `findMessages`
   * before it posts again.
   */
  abstract createMessage(credentials: DfoCredentials, channelId: string, message: DfoNewMessage): Promise<DfoCreateMessageResponse>;
  /** b.8 `GET /messages` by `idOnExternalPlatform[]` (and `channel[]`, `direction`). */
  abstract findMessages(credentials: DfoCredentials, query: DfoMessageQuery): Promise<DfoMessageList>;
  /** b.3 `PUT /channels/{channelId}/messages/{idOnExternalPlatform}/status`. */
  abstract setMessageStatus(
    credentials: DfoCredentials,
    channelId: string,
    messageIdOnExternalPlatform: string,
    status: { status: DfoMessageDeliveryStatus; updatedAt: string; reason?: string },
  ): Promise<void>;
  /** b.4 `POST /channels/{channelId}/outbound`. */
  abstract sendOutbound(credentials: DfoCredentials, channelId: string, message: DfoOutboundMessage): Promise<DfoCreateMessageResponse>;
  /** b.5 `POST /channels/{channelId}/threads/{threadIdOnExternalPlatform}/sender-actions`. */
  abstract sendSenderAction(credentials: DfoCredentials, channelId: string, threadIdOnExternalPlatform: string, action: DfoSenderAction): Promise<void>;
  /** b.5 `PUT /channels/{channelId}/threads/{threadIdOnExternalPlatform}`. */
  abstract updateThread(credentials: DfoCredentials, channelId: string, threadIdOnExternalPlatform: string, update: { canAddMoreMessages: boolean }): Promise<void>;
  /** b.6 `GET /contacts/{contactNumber}`. */
  abstract getContact(credentials: DfoCredentials, contactNumber: string): Promise<DfoContact>;
  /** b.6 `GET /contacts`. */
  abstract listContacts(credentials: DfoCredentials, query: DfoContactQuery): Promise<DfoContactList>;
  /** b.6 `PUT /contacts/{contactNumber}/status`. */
  abstract setContactStatus(credentials: DfoCredentials, contactNumber: string, status: DfoCaseStatus): Promise<void>;
  /** b.1 `GET /channels`. */
  abstract listChannels(credentials: DfoCredentials): Promise<DfoChannel[]>;
  /** b.1 `POST /channels` (create or update, keyed by `id`). */
  abstract createChannel(credentials: DfoCredentials, channel: DfoNewChannel): Promise<void>;
  /** b.1 `DELETE /channels/{channelId}`. */
  abstract deleteChannel(credentials: DfoCredentials, channelId: string): Promise<void>;
  /** b.7 `GET /customers/custom-field-definitions`. */
  abstract listCustomFieldDefinitions(credentials: DfoCredentials): Promise<DfoCustomFieldDefinition[]>;
  /** b.7 `PUT /customers/custom-field-definitions`. */
  abstract upsertCustomFieldDefinition(credentials: DfoCredentials, definition: DfoCustomFieldDefinition): Promise<void>;
  /** b.8 `POST /attachments/temporary`. */
  abstract uploadTemporaryAttachment(credentials: DfoCredentials, file: { content: string; mimeType: string }): Promise<DfoTemporaryAttachment>;
  /** a.5 `POST /one-time-token/verification` (no auth header). */
  abstract verifyOneTimeToken(apiBaseUrl: string, request: DfoOneTimeTokenRequest): Promise<DfoOneTimeTokenVerification>;
}
