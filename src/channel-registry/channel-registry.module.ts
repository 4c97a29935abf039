import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DfoClientModule } from '../dfo-client/dfo-client.module';
import { PlatformAdaptersModule } from '../platform-adapters/platform-adapters.module';
import { ActionFormTokens } from './actions/action-form-token';
import { ActionPagesController } from './actions/action-pages.controller';
import { ActionPagesService } from './actions/action-pages.service';
import { ActionTargets } from './actions/action-targets';
import { AdapterCatalogue } from './adapter-catalogue.service';
import { AdapterConfigSealer } from './adapter-config-sealer';
import { AdaptersController } from './adapters.controller';
import { BrandEntity } from './brand.entity';
import { BrandRepository } from './brand.repository';
import { BrandsController } from './brands.controller';
import { BrandsService } from './brands.service';
import { ChannelEntity } from './channel.entity';
import { ChannelRepository } from './channel.repository';
import { ChannelDirectory } from './channel-directory.service';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { DfoChannels } from './dfo-channels';
import { IntegrationEntity } from './integration.entity';
import { IntegrationRepository } from './integration.repository';
import { IntegrationSecretsController } from './integration-secrets.controller';
import { IntegrationSecretsService } from './integration-secrets.service';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsService } from './integrations.service';
import { IntegrationMtlsController } from './mtls/integration-mtls.controller';
import { IntegrationMtlsService } from './mtls/integration-mtls.service';
import { MtlsExpiryGauge } from './mtls/mtls-expiry.gauge';
import { MtlsExpiryMonitor } from './mtls/mtls-expiry.monitor';
import { MtlsExpiryScheduler } from './mtls/mtls-expiry.scheduler';
import { TrustedCaEntity } from './mtls/trusted-ca.entity';
import { TrustedCaRepository } from './mtls/trusted-ca.repository';
import { PublicUrls } from './public-urls';
import { RegistryCache } from './registry-cache';

/**
 * Brands, integrations, channels: the admin REST API, and the Add / Reconnect / Remove pages CXone opens (actions/).
 * Exports `ChannelDirectory`, through which every other module
 * finds channels and opens their sealed config and credentials. Its controllers' guards come from the global AuthModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([BrandEntity, IntegrationEntity, ChannelEntity, TrustedCaEntity]), DfoClientModule, PlatformAdaptersModule],
  controllers: [BrandsController, IntegrationsController, IntegrationSecretsController, IntegrationMtlsController, ChannelsController, AdaptersController, ActionPagesController],
  providers: [
    BrandRepository,
    IntegrationRepository,
    ChannelRepository,
    AdapterConfigSealer,
    AdapterCatalogue,
    PublicUrls,
    RegistryCache,
    ChannelDirectory,
    DfoChannels,
    BrandsService,
    IntegrationsService,
    IntegrationSecretsService,
    TrustedCaRepository,
    IntegrationMtlsService,
    MtlsExpiryMonitor,
    MtlsExpiryScheduler,
    MtlsExpiryGauge,
    ChannelsService,
    ActionTargets,
    ActionFormTokens,
    ActionPagesService,
  ],
  // The services too, for the sandbox seed and the action pages, which register brands and channels without a key.
  exports: [ChannelDirectory, PublicUrls, BrandsService, IntegrationsService, IntegrationSecretsService, IntegrationMtlsService, ChannelsService],
})
export class ChannelRegistryModule {}
