import { HttpStatus } from '@nestjs/common';
import { DomainError, errorTable } from '../core/errors/domain-error';

/** Errors of brands, integrations and channels. A brand outside the caller's scope is always `*.NOT_FOUND`. */
export const CHANNEL_REGISTRY_ERRORS = errorTable({
  'BRAND.NOT_FOUND': HttpStatus.NOT_FOUND,
  'BRAND.SCOPE_EXCEEDED': HttpStatus.FORBIDDEN,
  'INTEGRATION.NOT_FOUND': HttpStatus.NOT_FOUND,
  'INTEGRATION.CHANNEL_INTEGRATION_ID_MISSING': HttpStatus.CONFLICT,
  'CHANNEL.NOT_FOUND': HttpStatus.NOT_FOUND,
  'CHANNEL.DFO_CHANNEL_ID_TAKEN': HttpStatus.CONFLICT,
  'CHANNEL.REMOVED': HttpStatus.CONFLICT,
  'CHANNEL.DFO_CREATE_FAILED': HttpStatus.BAD_GATEWAY,
  'CHANNEL.DFO_DELETE_FAILED': HttpStatus.BAD_GATEWAY,
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
