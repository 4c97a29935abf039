import { Provider, Type } from '@nestjs/common';
import { DeliveriesQueryRepository } from './deliveries-query.repository';
import { DeliveriesSupportController } from './deliveries-support.controller';
import { DeliveriesSupportService } from './deliveries-support.service';
import { ThreadTimelineRepository } from './thread-timeline.repository';
import { ThreadsQueryRepository } from './threads-query.repository';
import { ThreadsSupportController } from './threads-support.controller';
import { ThreadsSupportService } from './threads-support.service';

/** The support REST API (`/api/v1/threads`, `/api/v1/deliveries`), added to `ThreadsModule` in one line. */
export const SUPPORT_PROVIDERS: Provider[] = [ThreadsQueryRepository, ThreadTimelineRepository, DeliveriesQueryRepository, ThreadsSupportService, DeliveriesSupportService];
export const SUPPORT_CONTROLLERS: Type[] = [ThreadsSupportController, DeliveriesSupportController];
