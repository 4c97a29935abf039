import { randomBytes, randomInt } from 'node:crypto';
import { AppProcess } from './app-process';
import { Channel, ChannelInput, createBrand, createChannel, createIntegration } from './admin-api';
import { EmulatorClient } from './emulator';
import { TestApp } from './test-app';

/** One brand wired to the DFO emulator, with its BYOC integration and one channel. */
export interface WiredChannel {
  brandId: string;
  dfoBrandId: number;
  /** The brand's DFO access key, known to both sides. */
  accessKey: { keyId: string; secret: string };
  integrationId: string;
  channelIntegrationId: string;
  /** What DFO presents to our token endpoint. */
  clientId: string;
  clientSecret: string;
  channelId: string;
  dfoChannelId: string;
  /** The channel as the admin API answered it. */
  channel: Channel;
}

/**
 * A brand wired to the DFO emulator the way an integration engineer wires one to CXone: the brand and its access key
 * registered in both, the BYOC integration registered in DFO with our Integration Box and token URLs (where the app
 * at `middlewareUrl` listens), and the channel created through our admin API, which creates it in DFO first.
 */
export async function wireChannel(
  admin: TestApp | AppProcess,
  dfo: EmulatorClient,
  middlewareUrl: string,
  options: { brandName?: string; replyApi?: '2.0' | '1.0'; channel?: ChannelInput } = {},
): Promise<WiredChannel> {
  const dfoBrandId = randomInt(100_000, 2_000_000_000);
  const brandName = options.brandName ?? `The Jungle ${randomBytes(3).toString('hex')}`;
  const accessKey = { keyId: `key-${dfoBrandId}`, secret: randomBytes(16).toString('hex') };
  const replyApi = options.replyApi ?? '2.0';
  await dfo.registerBrand(dfoBrandId, { friendlyName: brandName, accessKeys: [accessKey] });
  const brand = await createBrand(admin, { name: brandName, dfoBrandId, dfo: { apiBaseUrl: dfo.dfoApiBaseUrl, authUrl: dfo.authUrl, authKind: 'access_key', ...accessKey } });
  const integration = await createIntegration(admin, brand.id, { replyApi });
  // What the admin pastes into CXone's BYOC form, with our public URL replaced by where the app listens.
  await dfo.registerIntegration(integration.channelIntegrationId!, {
    name: integration.name,
    integrationBoxUrl: `${middlewareUrl}/integration/box`,
    authorizationUrl: `${middlewareUrl}/integration/box/1.0/token`,
    clientId: integration.clientId,
    clientSecret: integration.clientSecret,
    replyApi,
    brandId: dfoBrandId,
  });
  const channel = await createChannel(admin, integration.id, options.channel);
  return {
    brandId: brand.id,
    dfoBrandId,
    accessKey,
    integrationId: integration.id,
    channelIntegrationId: integration.channelIntegrationId!,
    clientId: integration.clientId,
    clientSecret: integration.clientSecret,
    channelId: channel.id,
    dfoChannelId: channel.dfoChannelId,
    channel,
  };
}
