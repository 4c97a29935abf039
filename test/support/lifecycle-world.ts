import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { EmulatorClient } from './emulator';
import { TEST_ADMIN_KEY } from './test-app';

/** How a spec reaches the admin API: `app.inject` in process, or `fetch` against a running instance. */
export type AdminPost = <T>(path: string, body: object) => Promise<T>;

export function adminPostVia(baseUrl: string): AdminPost {
  return async <T>(path: string, body: object): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
}

export interface LifecycleWorld {
  brandId: string;
  channelId: string;
  dfoChannelId: string;
  /** Where the platform posts its events (`POST /webhooks/{dfoChannelId}`), as a path. */
  webhookPath: string;
  dfoBrandId: number;
  /** Opens a case in DFO on this DFO thread, as the outbox's `dfo.create_message` does; returns the case number. */
  openCase(dfoThreadRef: string): Promise<string>;
}

/**
 * A brand wired to the DFO emulator the way an integration engineer wires one to CXone: the brand and its access key
 * known to both sides, the BYOC integration registered in DFO, and a webhook channel created through our admin API
 * (which creates it in DFO too). The channel's lifecycle settings are the spec's.
 */
export async function setUpLifecycleWorld(
  post: AdminPost,
  emulator: EmulatorClient,
  channel: { outboundUrl: string; signingSecret: string; settings: Record<string, unknown> },
  /** Where DFO reaches our Integration Box (the listening app), when the spec has the agent reply. */
  middlewareUrl?: string,
): Promise<LifecycleWorld> {
  const suffix = randomBytes(4).toString('hex');
  const dfoBrandId = randomInt(100_000, 2_000_000_000);
  const access = { keyId: `lifecycle-${suffix}`, secret: randomBytes(16).toString('hex') };
  await emulator.registerBrand(dfoBrandId, { friendlyName: `Lifecycle ${suffix}`, accessKeys: [access] });
  const brand = await post<{ id: string }>('/api/v1/brands', {
    name: `Lifecycle ${suffix}`,
    tenantId: randomUUID(),
    dfoBrandId,
    businessUnitId: randomInt(1, 2_000_000_000),
    dfo: { apiBaseUrl: emulator.dfoApiBaseUrl, authKind: 'access_key', authUrl: emulator.authUrl, ...access },
  });
  const channelIntegrationId = randomUUID();
  const integration = await post<{ id: string; clientId: string; clientSecret: string; cxone: { integrationBoxUrl: string; authorizationUrl: string } }>(
    `/api/v1/brands/${brand.id}/integrations`,
    { name: `Lifecycle ${suffix}`, replyApi: '2.0', channelIntegrationId },
  );
  await emulator.registerIntegration(channelIntegrationId, {
    integrationBoxUrl: middlewareUrl ? `${middlewareUrl}/integration/box` : integration.cxone.integrationBoxUrl,
    authorizationUrl: middlewareUrl ? `${middlewareUrl}/integration/box/1.0/token` : integration.cxone.authorizationUrl,
    clientId: integration.clientId,
    clientSecret: integration.clientSecret,
    replyApi: '2.0',
    brandId: dfoBrandId,
  });
  const created = await post<{ id: string; dfoChannelId: string; webhookUrl?: string }>(`/api/v1/integrations/${integration.id}/channels`, {
    name: `Lifecycle ${suffix}`,
    adapter: 'webhook',
    adapterConfig: { outboundUrl: channel.outboundUrl, signingSecrets: [channel.signingSecret] },
    settings: channel.settings,
  });

  let token: string | undefined;
  const openCase = async (dfoThreadRef: string): Promise<string> => {
    token ??= await emulator.token(access.keyId, access.secret);
    const res = await emulator.dfo<{ consumerContact?: { id: string } }>('POST', `/channels/${created.dfoChannelId}/messages`, token, {
      idOnExternalPlatform: `m-${randomUUID()}`,
      thread: { idOnExternalPlatform: dfoThreadRef, threadName: dfoThreadRef },
      direction: 'inbound',
      createdAtWithMilliseconds: new Date().toISOString(),
      messageContent: { type: 'TEXT', payload: { text: 'Hello' } },
      authorEndUserIdentity: { idOnExternalPlatform: `u-${dfoThreadRef}`, firstName: 'Simba' },
    });
    const id = res.body.consumerContact?.id;
    if (res.status >= 300 || !id) throw new Error(`DFO did not open a case: ${res.status} ${JSON.stringify(res.body)}`);
    return id;
  };
  const webhookPath = created.webhookUrl ? new URL(created.webhookUrl).pathname : `/webhooks/${created.dfoChannelId}`;
  return { brandId: brand.id, channelId: created.id, dfoChannelId: created.dfoChannelId, webhookPath, dfoBrandId, openCase };
}
