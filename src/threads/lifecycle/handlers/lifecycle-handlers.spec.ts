import { ChannelDirectory } from '../../../channel-registry/channel-directory.service';
import { ChannelEntity } from '../../../channel-registry/channel.entity';
import { DfoClient } from '../../../dfo-client/dfo-client';
import { DfoError } from '../../../dfo-client/dfo.errors';
import { DeliveryKind, DeliveryPayloads } from '../../../outbox/delivery-kinds';
import { Delivery } from '../../../outbox/outbox.types';
import { AdapterRegistry } from '../../../platform-adapters/adapter-registry';
import { PlatformAdapterError } from '../../../platform-adapters/platform-adapters.errors';
import { PlatformEventPayload, platformEventDelivery } from '../lifecycle-deliveries';
import { ThreadRepository } from '../../thread.repository';
import { DfoCaseStatusHandler } from './dfo-case-status.handler';
import { DfoThreadUpdateHandler } from './dfo-thread-update.handler';
import { PlatformEventHandler } from './platform-event.handler';

const thread = { id: 'thread-1', brandId: 'brand-a', channelId: 'channel-1', idOnExternalPlatform: 'wh-thread-42' };
const channel = { id: 'channel-1', brandId: 'brand-a', adapter: 'webhook', dfoChannelId: 'chat_abc' } as ChannelEntity;
const adapterChannel = { id: 'channel-1', config: { outboundUrl: 'http://platform' } };
const credentials = { kind: 'brand', cacheKey: 'brand-a' };

function delivery<K extends DeliveryKind>(fields: { kind: K; payload: DeliveryPayloads[K] }): Delivery<K> {
  return { id: '7', brandId: 'brand-a', channelId: 'channel-1', threadId: 'thread-1', messageId: null, attempts: 0, ...fields } as Delivery<K>;
}

function fakes(refs: { dfoContactId: string | null; dfoThreadRef: string } | null = { dfoContactId: '1749798712389111', dfoThreadRef: 'wh-thread-42' }) {
  const sendLifecycle = jest.fn(async () => undefined);
  const channels = {
    findById: jest.fn(async () => channel),
    adapterChannel: jest.fn(() => adapterChannel),
    credentialsForBrand: jest.fn(async () => credentials),
  } as unknown as ChannelDirectory;
  const adapters = { get: jest.fn(() => ({ sendLifecycle })) } as unknown as AdapterRegistry;
  const dfo = { setContactStatus: jest.fn(async () => undefined), updateThread: jest.fn(async () => undefined) };
  const threads = { findDfoRefs: jest.fn(async () => refs), recordDeadDelivery: jest.fn(async () => undefined) } as unknown as ThreadRepository;
  return { sendLifecycle, channels, adapters, dfo, threads };
}

describe('lifecycle delivery handlers', () => {
  it("platform.event: sends the idle warning through the channel's adapter, with closesAt as a date again", async () => {
    const f = fakes();
    const closesAt = new Date('2026-03-01T12:00:20.000Z');
    const { kind, payload } = platformEventDelivery(thread, { type: 'conversation.idle_warning', threadId: 'wh-thread-42', text: 'Still there?', closesAt });

    await new PlatformEventHandler(f.channels, f.adapters, f.threads).handle(delivery({ kind, payload }));

    expect(f.channels.findById).toHaveBeenCalledWith('brand-a', 'channel-1');
    expect(f.adapters.get).toHaveBeenCalledWith('webhook');
    expect(f.sendLifecycle).toHaveBeenCalledWith(adapterChannel, { type: 'conversation.idle_warning', threadId: 'wh-thread-42', text: 'Still there?', closesAt });
  });

  it('platform.event: a channel that is gone is a permanent failure', async () => {
    const f = fakes();
    (f.channels.findById as jest.Mock).mockResolvedValueOnce(null);
    const { payload } = platformEventDelivery(thread, { type: 'conversation.resumed', threadId: 'wh-thread-42' });
    await expect(new PlatformEventHandler(f.channels, f.adapters, f.threads).handle(delivery({ kind: 'platform.event', payload }))).rejects.toMatchObject({ kind: 'REJECTED' });
  });

  it('platform.event: refuses an unknown event type instead of sending it', async () => {
    const f = fakes();
    const handle = new PlatformEventHandler(f.channels, f.adapters, f.threads).handle(delivery({ kind: 'platform.event', payload: { type: 'conversation.exploded', threadId: 'x' } as unknown as PlatformEventPayload }));
    await expect(handle).rejects.toBeInstanceOf(PlatformAdapterError);
    expect(f.sendLifecycle).not.toHaveBeenCalled();
  });

  it('dfo.case_status: closes the case whose number the thread holds when the delivery runs', async () => {
    const f = fakes();
    const result = await new DfoCaseStatusHandler(f.threads, f.channels, f.dfo as unknown as DfoClient).handle(delivery({ kind: 'dfo.case_status', payload: { status: 'closed' } }));
    expect(result).toBeUndefined();
    expect(f.threads.findDfoRefs).toHaveBeenCalledWith('brand-a', 'thread-1');
    expect(f.dfo.setContactStatus).toHaveBeenCalledWith(credentials, '1749798712389111', 'closed');
  });

  it('dfo.case_status: a thread that never reached DFO has no case to close', async () => {
    const f = fakes({ dfoContactId: null, dfoThreadRef: 'wh-thread-42' });
    const result = await new DfoCaseStatusHandler(f.threads, f.channels, f.dfo as unknown as DfoClient).handle(delivery({ kind: 'dfo.case_status', payload: { status: 'closed' } }));
    expect(result).toBe('skipped');
    expect(f.dfo.setContactStatus).not.toHaveBeenCalled();
  });

  it('dfo.case_status: lets DFO failures through for the outbox to retry', async () => {
    const f = fakes();
    f.dfo.setContactStatus.mockRejectedValueOnce(new DfoError('RETRYABLE', 'DFO is down'));
    const handle = new DfoCaseStatusHandler(f.threads, f.channels, f.dfo as unknown as DfoClient).handle(delivery({ kind: 'dfo.case_status', payload: { status: 'closed' } }));
    await expect(handle).rejects.toMatchObject({ kind: 'RETRYABLE' });
  });

  it("dfo.thread_update: locks the DFO thread by the channel's DFO id and the thread's DFO reference", async () => {
    const f = fakes({ dfoContactId: '1', dfoThreadRef: 'wh-thread-42~2' });
    await new DfoThreadUpdateHandler(f.threads, f.channels, f.dfo as unknown as DfoClient).handle(delivery({ kind: 'dfo.thread_update', payload: { canAddMoreMessages: false } }));
    expect(f.dfo.updateThread).toHaveBeenCalledWith(credentials, 'chat_abc', 'wh-thread-42~2', { canAddMoreMessages: false });
  });

  it('records a given-up lifecycle delivery in the thread timeline', async () => {
    const f = fakes();
    const deadCase = delivery({ kind: 'dfo.case_status', payload: { status: 'closed' } });
    const deadEvent = delivery({ kind: 'platform.event', payload: { type: 'conversation.resumed', threadId: 'wh-thread-42' } });
    await new DfoCaseStatusHandler(f.threads, f.channels, f.dfo as unknown as DfoClient).onDead(deadCase, 'DFO.REJECTED: no');
    await new PlatformEventHandler(f.channels, f.adapters, f.threads).onDead(deadEvent, 'ADAPTER.REJECTED: 410');
    expect(f.threads.recordDeadDelivery).toHaveBeenNthCalledWith(1, 'brand-a', deadCase, 'DFO.REJECTED: no');
    expect(f.threads.recordDeadDelivery).toHaveBeenNthCalledWith(2, 'brand-a', deadEvent, 'ADAPTER.REJECTED: 410');
  });
});
