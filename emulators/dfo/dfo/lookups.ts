import { Injectable } from '@nestjs/common';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { EmuCase, EmuChannel, EmuThread } from '../store/emulator.types';

/**
 * Loads what a DFO call refers to, scoped to the caller's brand: another brand's channel or case is a 404, exactly
 * like one that does not exist.
 */
@Injectable()
export class DfoLookups {
  constructor(private readonly store: EmulatorStore) {}

  channel(brandId: number, channelId: string): EmuChannel {
    const channel = this.store.channel(channelId);
    if (!channel || channel.isDeleted || channel.brandId !== brandId) throw DfoApiError.notFound('channelId', `Channel "${channelId}" not found.`);
    return channel;
  }

  thread(brandId: number, channelId: string, threadIdOnExternalPlatform: string): EmuThread {
    const channel = this.channel(brandId, channelId);
    const thread = this.store.threadOnChannel(channel.id, threadIdOnExternalPlatform);
    if (!thread) throw DfoApiError.notFound('threadIdOnExternalPlatform', `Thread "${threadIdOnExternalPlatform}" not found in channel "${channelId}".`);
    return thread;
  }

  case(brandId: number, contactNumber: string): EmuCase {
    const c = /^\d{1,20}$/.test(contactNumber) ? this.store.case(contactNumber) : undefined;
    if (!c || c.brandId !== brandId) throw DfoApiError.notFound('contactNumber', `Contact "${contactNumber}" not found.`);
    return c;
  }
}
