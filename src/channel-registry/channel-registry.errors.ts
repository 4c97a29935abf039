import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable } from '../core/errors/domain-error';

/** Errors of brands, integrations and channels. A brand outside the caller's scope is always `*.NOT_FOUND`. */
export const CHANNEL_REGISTRY_ERRORS = errorTable({
  'BRAND.NOT_FOUND': HttpStatus.NOT_FOUND,
  'BRAND.SCOPE_EXCEEDED': HttpStatus.FORBIDDEN,
  // Deleting a brand or an integration that still has active or disconnected channels: remove those first.
  'BRAND.HAS_LIVE_CHANNELS': HttpStatus.CONFLICT,
  'INTEGRATION.HAS_LIVE_CHANNELS': HttpStatus.CONFLICT,
  'INTEGRATION.NOT_FOUND': HttpStatus.NOT_FOUND,
  'INTEGRATION.CHANNEL_INTEGRATION_ID_MISSING': HttpStatus.CONFLICT,
  // mTLS (architecture.md §9.4): no such trusted CA; `enforce` without any trusted CA would refuse every call; too many CAs.
  'INTEGRATION.MTLS_CA_NOT_FOUND': HttpStatus.NOT_FOUND,
  'INTEGRATION.MTLS_ENFORCE_WITHOUT_CA': HttpStatus.CONFLICT,
  'INTEGRATION.MTLS_TOO_MANY_CAS': HttpStatus.CONFLICT,
  'CHANNEL.NOT_FOUND': HttpStatus.NOT_FOUND,
  'CHANNEL.DFO_CHANNEL_ID_TAKEN': HttpStatus.CONFLICT,
  'CHANNEL.REMOVED': HttpStatus.CONFLICT,
  'CHANNEL.DFO_CREATE_FAILED': HttpStatus.BAD_GATEWAY,
  'CHANNEL.DFO_DELETE_FAILED': HttpStatus.BAD_GATEWAY,
  // The action pages (actions/): no brand, integration or channel of ours matches what CXone sent.
  'ACTION.NOT_FOUND': HttpStatus.NOT_FOUND,
  // Several of our brands use this DFO brand with different DFO APIs: only an integration's own action URL says which.
  'ACTION.AMBIGUOUS_BRAND': HttpStatus.CONFLICT,
  // The brand's DFO refused the one-time token (bad, expired, used, or for another brand or user).
  'ACTION.TOKEN_REFUSED': HttpStatus.FORBIDDEN,
  // The submitted form's token is forged, expired, or from another action.
  'ACTION.FORM_REFUSED': HttpStatus.FORBIDDEN,
  // The brand's DFO could not be reached to verify the one-time token.
  'ACTION.DFO_UNAVAILABLE': HttpStatus.BAD_GATEWAY,
});
export type ChannelRegistryErrorCode = keyof typeof CHANNEL_REGISTRY_ERRORS;

export class ChannelRegistryError extends DomainError {
  constructor(code: ChannelRegistryErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, CHANNEL_REGISTRY_ERRORS[code], message, details);
  }
}

export const brandNotFound = (id: string) => new ChannelRegistryError('BRAND.NOT_FOUND', `Brand ${id} not found`);
export const integrationNotFound = (id: string) => new ChannelRegistryError('INTEGRATION.NOT_FOUND', `Integration ${id} not found`);
export const channelNotFound = (id: string) => new ChannelRegistryError('CHANNEL.NOT_FOUND', `Channel ${id} not found`);
