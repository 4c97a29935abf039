import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiPrincipal } from '../auth/current-principal.decorator';
import { BrandsService } from '../channel-registry/brands.service';
import { ChannelDirectory } from '../channel-registry/channel-directory.service';
import { ChannelsService } from '../channel-registry/channels.service';
import { BrandResponse } from '../channel-registry/dto/brand.response';
import { IntegrationResponse } from '../channel-registry/dto/integration.response';
import { IntegrationSecretsService } from '../channel-registry/integration-secrets.service';
import { IntegrationsService } from '../channel-registry/integrations.service';
import { IntegrationMtlsService } from '../channel-registry/mtls/integration-mtls.service';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { randomToken } from '../core/crypto/hashing';
import { seedDemoMtls } from './demo-mtls';
import { seedDemoWebchat } from './demo-webchat';
import { EmulatorStore } from '../../emulators/dfo/store/emulator.store';
import { EmulatorAdminService } from '../../emulators/dfo/test-api/emulator-admin.service';

/** "The Jungle" of the acceptance story (seed 001, docs/dfo-contract.md (f)), as a brand of the in-process emulator. */
export const DEMO = {
  brandName: 'The Jungle',
  tenantId: '86f85ac0-aaed-48e4-9b90-89e31572c627',
  dfoBrandId: 1234,
  businessUnitId: 4600123,
  accessKeyId: 'the-jungle-sandbox-key',
  integrationName: 'The Jungle BYOC (sandbox)',
} as const;

/** The seed acts as the bootstrap admin: every brand, no key. */
const SEED_PRINCIPAL: ApiPrincipal = { keyId: null, role: 'admin', brandIds: null };

/** What later seed steps (e.g. the web chat channel) build on. */
export interface DemoSeedContext {
  principal: ApiPrincipal;
  publicBaseUrl: string;
  brand: BrandResponse;
  integration: IntegrationResponse;
  channelIntegrationId: string;
}

export interface DemoSeedDeps {
  brands: BrandsService;
  integrations: IntegrationsService;
  secrets: IntegrationSecretsService;
  directory: ChannelDirectory;
  emulator: EmulatorAdminService;
  store: EmulatorStore;
}

/**
 * Makes sure the demo brand, its BYOC integration and their registration in the emulator exist and agree. Safe to
 * run on every start: it creates what is missing and repairs what the emulator forgot (its state is in memory
 * unless the embedded default persists it), rotating the integration's client secret when the emulator no longer
 * holds it, since only its hash is stored. Sandbox mode runs one instance, so no lock is taken.
 */
export async function seedDemoBrand(deps: DemoSeedDeps, publicBaseUrl: string, log: (line: string) => void): Promise<DemoSeedContext> {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const principal = SEED_PRINCIPAL;
  let brand = (await deps.brands.list(principal)).find((b) => b.name === DEMO.brandName && b.dfo.apiBaseUrl.endsWith('/sandbox/dfo/3.0'));
  if (!brand) {
    brand = await deps.brands.create(principal, {
      name: DEMO.brandName, tenantId: DEMO.tenantId, dfoBrandId: DEMO.dfoBrandId, businessUnitId: DEMO.businessUnitId,
      dfo: { apiBaseUrl: `${base}/sandbox/dfo/3.0`, authKind: 'access_key', authUrl: `${base}/sandbox/auth/token`, keyId: DEMO.accessKeyId, secret: randomToken('sbx_key_') },
    });
    log(`Sandbox demo: created brand "${brand.name}" (${brand.id}, DFO brand ${brand.dfoBrandId})`);
  }
  if (brand.dfo.apiBaseUrl !== `${base}/sandbox/dfo/3.0`) log(`Sandbox demo: brand "${brand.name}" calls DFO at ${brand.dfo.apiBaseUrl}, not at this PUBLIC_BASE_URL`);
  const credentials = await deps.directory.credentialsForBrand(brand.id);
  deps.emulator.registerBrand(brand.dfoBrandId, {
    friendlyName: brand.name, tenantId: brand.tenantId, businessUnitId: brand.businessUnitId, timezone: 'UTC',
    accessKeys: [{ keyId: credentials.keyId, secret: credentials.secret }],
  });

  const found = (await deps.integrations.listForBrand(principal, brand.id)).find((i) => i.name === DEMO.integrationName);
  let integration: IntegrationResponse;
  let clientSecret: string | null = null;
  if (found) {
    integration = found;
  } else {
    const { clientSecret: issued, ...created } = await deps.integrations.create(principal, brand.id, { name: DEMO.integrationName, replyApi: '2.0' });
    integration = created;
    clientSecret = issued;
    log(`Sandbox demo: created BYOC integration "${integration.name}" (${integration.id}, client id ${integration.clientId})`);
  }
  const channelIntegrationId = integration.channelIntegrationId ?? randomUUID();
  const registered = deps.store.integration(channelIntegrationId);
  if (!registered || registered.clientId !== integration.clientId || clientSecret !== null) {
    if (clientSecret === null) {
      // Nobody else holds the old secret: no grace period.
      clientSecret = (await deps.secrets.rotateClientSecret(principal, integration.id, { graceSeconds: 0 })).clientSecret;
      log(`Sandbox demo: the emulator did not know integration ${integration.id}; issued it a new client secret`);
    }
    deps.emulator.registerIntegration(channelIntegrationId, {
      name: integration.name, integrationBoxUrl: integration.cxone.integrationBoxUrl, authorizationUrl: integration.cxone.authorizationUrl,
      clientId: integration.clientId, clientSecret, replyApi: integration.replyApi, brandId: brand.dfoBrandId,
    });
  } else if (registered.integrationBoxUrl !== integration.cxone.integrationBoxUrl || registered.authorizationUrl !== integration.cxone.authorizationUrl) {
    deps.emulator.patchIntegration(channelIntegrationId, { integrationBoxUrl: integration.cxone.integrationBoxUrl, authorizationUrl: integration.cxone.authorizationUrl });
  }
  if (integration.channelIntegrationId !== channelIntegrationId) {
    integration = await deps.integrations.update(principal, integration.id, { channelIntegrationId });
  }
  log(`Sandbox demo: "${brand.name}" → DFO emulator ${brand.dfo.apiBaseUrl}; CXone Integration ID ${channelIntegrationId}, replies to ${integration.cxone.integrationBoxUrl} (${integration.replyApi})`);
  return { principal, publicBaseUrl: base, brand, integration, channelIntegrationId };
}

/**
 * Runs the demo seed when the app starts in sandbox mode: the brand and integration, their mTLS (demo-mtls.ts), then
 * the web chat channel (demo-webchat.ts), and prints the two pages a newcomer opens side by side.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('SandboxDemo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly brands: BrandsService,
    private readonly integrations: IntegrationsService,
    private readonly secrets: IntegrationSecretsService,
    private readonly directory: ChannelDirectory,
    private readonly emulator: EmulatorAdminService,
    private readonly store: EmulatorStore,
    private readonly channels: ChannelsService,
    private readonly clock: Clock,
    private readonly mtls: IntegrationMtlsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const log = (line: string) => this.logger.log(line);
    try {
      const deps = { brands: this.brands, integrations: this.integrations, secrets: this.secrets, directory: this.directory, emulator: this.emulator, store: this.store };
      const context = await seedDemoBrand(deps, this.config.app.publicBaseUrl, log);
      await seedDemoMtls({ mtls: this.mtls, emulator: this.emulator, store: this.store }, context, this.config.tls !== null, log);
      const chat = await seedDemoWebchat({ channels: this.channels, store: this.store, clock: this.clock }, context, log);
      log(`Sandbox demo: customer chat  ${context.publicBaseUrl}/webchat/demo/${encodeURIComponent(chat.dfoChannelId)}`);
      log(`Sandbox demo: agent console  ${context.publicBaseUrl}/sandbox/agent`);
    } catch (err) {
      // The app stays usable without the demo; say loudly why it is missing.
      this.logger.error({ err }, 'Sandbox demo seed failed');
    }
  }
}
