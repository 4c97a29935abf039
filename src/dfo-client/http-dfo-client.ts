import { Injectable } from '@nestjs/common';
import { DfoApiCaller } from './dfo-api.caller';
import { DfoClient } from './dfo-client';
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
import {
  readChannels,
  readContact,
  readContactList,
  readCreateMessageResponse,
  readCustomFieldDefinitions,
  readMessageList,
  readNothing,
  readOneTimeTokenVerification,
  readTemporaryAttachment,
} from './dfo-parsers';

/** Encodes one path segment: DFO ids are caller-chosen (`chat_…`, `sms_sinch-sms_…`) and may hold anything. */
const seg = encodeURIComponent;

/** `DfoClient` over HTTP: each method states its DFO operation (docs/dfo-contract.md section in the port's JSDoc). */
@Injectable()
export class HttpDfoClient extends DfoClient {
  constructor(private readonly api: DfoApiCaller) {
    super();
  }

  createMessage(credentials: DfoCredentials, channelId: string, message: DfoNewMessage): Promise<DfoCreateMessageResponse> {
    const path = `/channels/${seg(channelId)}/messages`;
    return this.api.call(credentials, { operation: 'createMessage', method: 'POST', path, body: message, read: readCreateMessageResponse, repeatable: false });
  }

  findMessages(credentials: DfoCredentials, query: DfoMessageQuery): Promise<DfoMessageList> {
    const params = new URLSearchParams();
    for (const id of query.idOnExternalPlatform) params.append('idOnExternalPlatform[]', id);
    for (const channel of query.channel ?? []) params.append('channel[]', channel);
    if (query.direction) params.set('direction', query.direction);
    return this.api.call(credentials, { operation: 'findMessages', method: 'GET', path: '/messages', query: params, read: readMessageList });
  }

  setMessageStatus(
    credentials: DfoCredentials,
    channelId: string,
    messageIdOnExternalPlatform: string,
    status: { status: DfoMessageDeliveryStatus; updatedAt: string; reason?: string },
  ): Promise<void> {
    const path = `/channels/${seg(channelId)}/messages/${seg(messageIdOnExternalPlatform)}/status`;
    return this.api.call(credentials, { operation: 'setMessageStatus', method: 'PUT', path, body: status, read: readNothing });
  }

  sendOutbound(credentials: DfoCredentials, channelId: string, message: DfoOutboundMessage): Promise<DfoCreateMessageResponse> {
    return this.api.call(credentials, { operation: 'sendOutbound', method: 'POST', path: `/channels/${seg(channelId)}/outbound`, body: message, read: readCreateMessageResponse });
  }

  sendSenderAction(credentials: DfoCredentials, channelId: string, threadIdOnExternalPlatform: string, action: DfoSenderAction): Promise<void> {
    const path = `/channels/${seg(channelId)}/threads/${seg(threadIdOnExternalPlatform)}/sender-actions`;
    return this.api.call(credentials, { operation: 'sendSenderAction', method: 'POST', path, body: { action }, read: readNothing });
  }

  updateThread(credentials: DfoCredentials, channelId: string, threadIdOnExternalPlatform: string, update: { canAddMoreMessages: boolean }): Promise<void> {
    const path = `/channels/${seg(channelId)}/threads/${seg(threadIdOnExternalPlatform)}`;
    return this.api.call(credentials, { operation: 'updateThread', method: 'PUT', path, body: { canAddMoreMessages: update.canAddMoreMessages }, read: readNothing });
  }

  getContact(credentials: DfoCredentials, contactNumber: string): Promise<DfoContact> {
    return this.api.call(credentials, { operation: 'getContact', method: 'GET', path: `/contacts/${seg(contactNumber)}`, read: readContact });
  }

  listContacts(credentials: DfoCredentials, query: DfoContactQuery): Promise<DfoContactList> {
    return this.api.call(credentials, { operation: 'listContacts', method: 'GET', path: '/contacts', query: contactQuery(query), read: readContactList });
  }

  setContactStatus(credentials: DfoCredentials, contactNumber: string, status: DfoCaseStatus): Promise<void> {
    return this.api.call(credentials, { operation: 'setContactStatus', method: 'PUT', path: `/contacts/${seg(contactNumber)}/status`, body: { status }, read: readNothing });
  }

  listChannels(credentials: DfoCredentials): Promise<DfoChannel[]> {
    return this.api.call(credentials, { operation: 'listChannels', method: 'GET', path: '/channels', read: readChannels });
  }

  createChannel(credentials: DfoCredentials, channel: DfoNewChannel): Promise<void> {
    return this.api.call(credentials, { operation: 'createChannel', method: 'POST', path: '/channels', body: channel, read: readNothing });
  }

  deleteChannel(credentials: DfoCredentials, channelId: string): Promise<void> {
    return this.api.call(credentials, { operation: 'deleteChannel', method: 'DELETE', path: `/channels/${seg(channelId)}`, read: readNothing });
  }

  listCustomFieldDefinitions(credentials: DfoCredentials): Promise<DfoCustomFieldDefinition[]> {
    return this.api.call(credentials, { operation: 'listCustomFieldDefinitions', method: 'GET', path: '/customers/custom-field-definitions', read: readCustomFieldDefinitions });
  }

  upsertCustomFieldDefinition(credentials: DfoCredentials, definition: DfoCustomFieldDefinition): Promise<void> {
    return this.api.call(credentials, { operation: 'upsertCustomFieldDefinition', method: 'PUT', path: '/customers/custom-field-definitions', body: definition, read: readNothing });
  }

  uploadTemporaryAttachment(credentials: DfoCredentials, file: { content: string; mimeType: string }): Promise<DfoTemporaryAttachment> {
    const body = { content: file.content, mimeType: file.mimeType };
    return this.api.call(credentials, { operation: 'uploadTemporaryAttachment', method: 'POST', path: '/attachments/temporary', body, read: readTemporaryAttachment });
  }

  verifyOneTimeToken(apiBaseUrl: string, request: DfoOneTimeTokenRequest): Promise<DfoOneTimeTokenVerification> {
    const body = { brandId: request.brandId, userId: request.userId, purpose: request.purpose, token: request.token };
    return this.api.callAnonymous(apiBaseUrl, { operation: 'verifyOneTimeToken', method: 'POST', path: '/one-time-token/verification', body, read: readOneTimeTokenVerification });
  }
}

/** DFO's list filters are PHP-style arrays (`status[]=open&status[]=new`), b.6. */
function contactQuery(query: DfoContactQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const channel of query.channel ?? []) params.append('channel[]', channel);
  for (const status of query.status ?? []) params.append('status[]', status);
  for (const id of query.endUserIdOnExternalPlatform ?? []) params.append('endUserIdOnExternalPlatform[]', id);
  if (query.scrollToken) params.set('scrollToken', query.scrollToken);
  return params;
}
