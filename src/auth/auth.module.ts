import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelRegistryModule } from '../channel-registry/channel-registry.module';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { ApiKeyAuthGuard } from './api-key-auth.guard';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { IntegrationTokenController } from './integration-token.controller';
import { IntegrationTokenGuard } from './integration-token.guard';
import { IntegrationTokensService } from './integration-tokens.service';
import { MtlsVerifier } from './mtls/mtls-verifier';
import { ClientSecretChecker } from './client-secret-checker';
import { TokenRateLimitGuard, tokenRateLimits } from './token-rate-limit.guard';

/**
 * API keys (admin/support), the Integration Box token endpoint and its bearer guard, and the mTLS check both make.
 *
 * Global, because every feature module's controllers use `@ApiKeyAuth()` or `IntegrationTokenGuard`, whose guards
 * need this module's services; it imports channel-registry (brands, integrations) and channel-registry's own
 * controllers use the guards, so a plain import both ways would be a cycle.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([ApiKeyEntity]),
    ChannelRegistryModule,
    ThrottlerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => tokenRateLimits(config) }),
  ],
  controllers: [ApiKeysController, IntegrationTokenController],
  providers: [
    ApiKeyRepository,
    ApiKeysService,
    ApiKeyAuthenticator,
    ApiKeyAuthGuard,
    ClientSecretChecker,
    IntegrationTokensService,
    IntegrationTokenGuard,
    TokenRateLimitGuard,
    MtlsVerifier,
  ],
  exports: [ApiKeyAuthenticator, ApiKeyAuthGuard, IntegrationTokensService, IntegrationTokenGuard, MtlsVerifier],
})
export class AuthModule {}
