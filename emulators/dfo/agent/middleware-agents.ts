import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Agent, Dispatcher } from 'undici';
import { EmulatorSettings } from '../emulator.options';
import { EmuIntegration } from '../store/emulator.types';

/**
 * The HTTP connections to each integration's middleware, as DFO makes them: the middleware's server certificate is
 * checked against the public CAs (plus `trustedServerCaPems`, for a self-signed test server), and, when the
 * integration's BYOC form has the mTLS fields, the client certificate is presented with its CA behind it.
 */
@Injectable()
export class MiddlewareAgents implements OnApplicationShutdown {
  private readonly agents = new Map<string, { version: string; agent: Agent }>();

  constructor(private readonly settings: EmulatorSettings) {}

  /** undefined: the default dispatcher will do (no client certificate, no extra trust). */
  for(integration: EmuIntegration): Dispatcher | undefined {
    const mtls = integration.clientCertificate ?? null;
    const trusted = this.settings.trustedServerCaPems;
    if (!mtls && trusted.length === 0) return undefined;
    // What the agent was built from, hashed: a new registration or new trust closes the old connections.
    const version = createHash('sha256').update(JSON.stringify([mtls, trusted])).digest('hex');
    const cached = this.agents.get(integration.channelIntegrationId);
    if (cached?.version === version) return cached.agent;
    if (cached) void cached.agent.close();
    const agent = new Agent({
      connect: {
        ...(trusted.length > 0 ? { ca: [...rootCertificates, ...trusted] } : {}),
        ...(mtls ? { cert: `${mtls.certificatePem.trim()}\n${mtls.caCertificatePem.trim()}\n`, key: mtls.privateKeyPem, passphrase: mtls.privateKeyPassword ?? undefined } : {}),
      },
    });
    this.agents.set(integration.channelIntegrationId, { version, agent });
    return agent;
  }

  async onApplicationShutdown(): Promise<void> {
    const agents = [...this.agents.values()].map((a) => a.agent);
    this.agents.clear();
    await Promise.allSettled(agents.map((agent) => agent.close()));
  }
}
