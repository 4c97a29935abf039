import { Module } from '@nestjs/common';
import { ChannelRegistryModule } from '../channel-registry/channel-registry.module';
import { DfoClientModule } from '../dfo-client/dfo-client.module';
import { OutboxModule } from '../messages/outbox/outbox.module';
import { PlatformAdaptersModule } from '../platform-adapters/platform-adapters.module';
import { CaseStatusChecker } from './lifecycle/case-status-checker';
import { LIFECYCLE_PROVIDERS } from './lifecycle/lifecycle.providers';
import { SUPPORT_CONTROLLERS, SUPPORT_PROVIDERS } from './support/support.providers';

/** Threads, end users, recipients; the lifecycle sweeps and the case-status sync; the support REST API. */
@Module({
  imports: [OutboxModule, ChannelRegistryModule, DfoClientModule, PlatformAdaptersModule],
  controllers: [...SUPPORT_CONTROLLERS],
  providers: [...LIFECYCLE_PROVIDERS, ...SUPPORT_PROVIDERS],
  exports: [CaseStatusChecker],
})
export class ThreadsModule {}
