import { randomInt, randomUUID } from 'node:crypto';
import { ChannelDirectory } from '../../src/channel-registry/channel-directory.service';
import { DfoClient } from '../../src/dfo-client/dfo-client';
import { DfoBrandCredentials } from '../../src/dfo-client/dfo-credentials';
import { DfoNewMessage } from '../../src/dfo-client/dfo.types';
import { StandaloneEmulator } from '../../emulators/dfo/standalone';
import { createBrand } from './admin-api';
import { deleteBrands } from './brand-cleanup';
import { CallQuery, CallRecord, EmulatorClient } from './emulator';
import { EmulatorWithBox } from './emulator-box';
import { FakeIntegrationBox } from './fake-integration-box';
import { startTestApp, TestApp, uniqueSuffix } from './test-app';

/**
 * The world of the DFO contract specs: the real app (for its `DfoClient` and the credentials it builds from a stored
 * brand), the standalone emulator on real HTTP, and a fake Integration Box that answers the emulator's agent side.
 */
export interface ContractWorld {
  t: TestApp;
  emulator: StandaloneEmulator;
  dfo: EmulatorClient;
  box: FakeIntegrationBox;
  client: DfoClient;
  /** Brands the world made, deleted by `close()`. */
  brandIds: string[];
  close(): Promise<void>;
}

/** `env` overrides the app's settings; the defaults are production's (3 retries, 200 ms base, 5 s cap). */
export async function startContractWorld(env: Record<string, string> = {}): Promise<ContractWorld> {
  const dfoSide = await EmulatorWithBox.start();
  const t = await startTestApp(env);
  const brandIds: string[] = [];
  return {
    t,
    emulator: dfoSide.emulator,
    dfo: dfoSide.dfo,
    box: dfoSide.box,
    client: t.app.get(DfoClient),
    brandIds,
    close: async () => {
      await t.close();
      await deleteBrands(brandIds);
      await dfoSide.close();
    },
  };
}

export interface ContractBrand {
  dfoBrandId: number;
  credentials: DfoBrandCredentials;
}

/**
 * A brand stored through the admin API with an access key the emulator binds to a brand of the same DFO id, and the
 * credentials the app builds from it (the secret opened from its sealed form), as every DFO caller gets them.
 */
export async function newContractBrand(world: ContractWorld, authKind: 'access_key' | 'client_credentials' = 'access_key'): Promise<ContractBrand> {
  const dfoBrandId = randomInt(1, 2_000_000_000);
  const keyId = `key-${uniqueSuffix()}`;
  const secret = `secret-${uniqueSuffix()}-${uniqueSuffix()}`;
  await world.dfo.registerBrand(dfoBrandId, { friendlyName: `Brand ${dfoBrandId}`, accessKeys: [{ keyId, secret }] });
  const authUrl = authKind === 'access_key' ? world.emulator.authUrl : world.emulator.engagerTokenUrl;
  const brand = await createBrand(world.t, { dfoBrandId, dfo: { apiBaseUrl: world.emulator.dfoApiBaseUrl, authKind, authUrl, keyId, secret } });
  world.brandIds.push(brand.id);
  const credentials = await world.t.app.get(ChannelDirectory).credentialsForBrand(brand.id);
  return { dfoBrandId, credentials };
}

/** Registers a BYOC integration (pointing at the fake box) for the brand; returns its `channelIntegrationId`. */
export async function registerIntegration(world: ContractWorld, dfoBrandId: number): Promise<string> {
  const channelIntegrationId = randomUUID();
  const { box } = world;
  await world.dfo.registerIntegration(channelIntegrationId, {
    integrationBoxUrl: box.integrationBoxUrl, authorizationUrl: box.authorizationUrl, clientId: box.clientId, clientSecret: box.clientSecret, replyApi: '2.0', brandId: dfoBrandId,
  });
  return channelIntegrationId;
}

/** A channel created through the client under test (setup only: specs count calls after their own marker). */
export async function newContractChannel(world: ContractWorld, brand: ContractBrand): Promise<string> {
  const channelIntegrationId = await registerIntegration(world, brand.dfoBrandId);
  const id = `chat_${randomUUID()}`;
  await world.client.createChannel(brand.credentials, {
    id, idOnExternalPlatform: id, channelIntegrationId, realExternalPlatformId: 'custom', name: 'Watering Hole live chat', isPrivate: true, hasTreeStructure: false,
  });
  return id;
}

/** A valid inbound create-message (d.2) on `threadId`. */
export function inboundMessage(threadId: string, overrides: Partial<DfoNewMessage> = {}): DfoNewMessage {
  return {
    idOnExternalPlatform: `wh-msg-${randomUUID()}`,
    thread: { idOnExternalPlatform: threadId, threadName: "Simba's chat" },
    direction: 'inbound',
    createdAtWithMilliseconds: '2025-07-25T20:05:57.123Z',
    messageContent: { type: 'TEXT', payload: { text: 'Hello, my order is late' } },
    authorEndUserIdentity: { idOnExternalPlatform: 'user-123', firstName: 'Simba', lastName: 'Lion' },
    ...overrides,
  };
}

/** The emulator's calls since `afterId` (a marker taken with `lastCallId()`), incoming only. */
export function callsSince(dfo: EmulatorClient, afterId: number, query: Omit<CallQuery, 'afterId' | 'direction'> = {}): Promise<CallRecord[]> {
  return dfo.calls({ ...query, direction: 'in', afterId });
}
