import { randomUUID } from 'node:crypto';
import { ChannelsService } from '../channel-registry/channels.service';
import { ChannelResponse } from '../channel-registry/dto/channel.response';
import { Clock } from '../core/clock/clock';
import type { DemoSeedContext } from './demo-seed';
import { EmulatorStore } from '../../emulators/dfo/store/emulator.store';

/** The demo's web chat: The Watering Hole's live chat with The Jungle (seed 001, docs/dfo-contract.md (f)), with the default timings. */
export const DEMO_WEBCHAT = {
  channelName: 'The Watering Hole live chat',
  adapterConfig: {
    allowedOrigins: [] as string[],
    title: 'The Jungle, Inc.',
    welcomeText: 'Hello from The Jungle! Write to us here; an agent answers in this window.',
    themeColor: '#1f6f4a',
  },
} as const;

export interface DemoWebchatDeps {
  channels: ChannelsService;
  store: EmulatorStore;
  clock: Clock;
}

/**
 * Makes sure the demo integration has its web chat channel, here and in the emulator, and returns it. The channel
 * is registered in the emulator directly (the app is not listening yet when the seed runs, so it cannot call its
 * own emulator over HTTP), under the id it then gets here, as if created through `POST /channels`.
 */
export async function seedDemoWebchat(deps: DemoWebchatDeps, context: DemoSeedContext, log: (line: string) => void): Promise<ChannelResponse> {
  const existing = (await deps.channels.list(context.principal, { integrationId: context.integration.id, status: 'active' })).find(
    (c) => c.adapter === 'webchat' && c.name === DEMO_WEBCHAT.channelName,
  );
  const dfoChannelId = existing?.dfoChannelId ?? `chat_${randomUUID()}`;
  registerInEmulator(deps, context, dfoChannelId);
  if (existing) return existing;
  const channel = await deps.channels.create(context.principal, context.integration.id, {
    name: DEMO_WEBCHAT.channelName,
    adapter: 'webchat',
    adapterConfig: { ...DEMO_WEBCHAT.adapterConfig, allowedOrigins: [...DEMO_WEBCHAT.adapterConfig.allowedOrigins] },
    dfoChannelId,
  });
  log(`Sandbox demo: created web chat channel "${channel.name}" (DFO channel ${channel.dfoChannelId})`);
  return channel;
}

function registerInEmulator(deps: DemoWebchatDeps, context: DemoSeedContext, dfoChannelId: string): void {
  const known = deps.store.channel(dfoChannelId);
  if (known && !known.isDeleted && known.channelIntegrationId === context.channelIntegrationId) return;
  const now = deps.clock.now().toISOString();
  deps.store.putChannel({
    id: dfoChannelId,
    brandId: context.brand.dfoBrandId,
    idOnExternalPlatform: dfoChannelId,
    channelIntegrationId: context.channelIntegrationId,
    realExternalPlatformId: 'custom',
    name: DEMO_WEBCHAT.channelName,
    isPrivate: false,
    hasTreeStructure: false,
    flags: {},
    isDeleted: false,
    createdAt: known?.createdAt ?? now,
    updatedAt: now,
  });
}
