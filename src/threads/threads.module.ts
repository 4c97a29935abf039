import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelRegistryModule } from '../channel-registry/channel-registry.module';
import { DfoClientModule } from '../dfo-client/dfo-client.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PlatformAdaptersModule } from '../platform-adapters/platform-adapters.module';
import { EndUserEntity } from './end-user.entity';
import { EndUserRepository } from './end-user.repository';
import { InboundThreadResolver } from './inbound-thread.resolver';
import { CaseStatusChecker } from './lifecycle/case-status-checker';
import { LIFECYCLE_DELIVERY_KINDS } from './lifecycle/lifecycle-deliveries';
import { LIFECYCLE_PROVIDERS } from './lifecycle/lifecycle.providers';
import { SUPPORT_CONTROLLERS, SUPPORT_PROVIDERS } from './support/support.providers';
import { ThreadActivityService } from './thread-activity.service';
import { ThreadEventEntity } from './thread-event.entity';
import { ThreadRecipientEntity } from './thread-recipient.entity';
import { ThreadRecipientRepository } from './thread-recipient.repository';
import { ThreadEntity } from './thread.entity';
import { ThreadRepository } from './thread.repository';

/** The thread write path: repositories, activity and idle clock, and which conversation an inbound message joins. */
const WRITE_PATH = [ThreadRepository, EndUserRepository, ThreadRecipientRepository, ThreadActivityService, InboundThreadResolver];

/** Threads, end users, recipients; the lifecycle sweeps and the case-status sync; the support REST API. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ThreadEntity, EndUserEntity, ThreadRecipientEntity, ThreadEventEntity]),
    OutboxModule.forFeature(LIFECYCLE_DELIVERY_KINDS),
    ChannelRegistryModule,
    DfoClientModule,
    PlatformAdaptersModule,
  ],
  controllers: [...SUPPORT_CONTROLLERS],
  providers: [...WRITE_PATH, ...LIFECYCLE_PROVIDERS, ...SUPPORT_PROVIDERS],
  exports: [...WRITE_PATH, CaseStatusChecker],
})
export class ThreadsModule {}
