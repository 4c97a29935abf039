import { Provider } from '@nestjs/common';
import { BrandRateLimiter } from './brand-rate-limiter';
import { CaseStatusChecker } from './case-status-checker';
import { CaseStatusService } from './case-status.service';
import { CaseSyncRepository } from './case-sync.repository';
import { CaseSyncService } from './case-sync.service';
import { CloseSweeper } from './close-sweeper';
import { DfoCaseStatusHandler } from './handlers/dfo-case-status.handler';
import { DfoThreadUpdateHandler } from './handlers/dfo-thread-update.handler';
import { LifecycleHandlersRegistrar } from './handlers/lifecycle-handlers.registrar';
import { PlatformEventHandler } from './handlers/platform-event.handler';
import { IdleSweeper } from './idle-sweeper';
import { LifecycleMetrics } from './lifecycle.metrics';
import { LifecycleRepository } from './lifecycle.repository';
import { LifecycleScheduler } from './lifecycle.scheduler';
import { LifecycleTransitions } from './lifecycle-transitions.service';

/** The lifecycle's providers, listed here so `ThreadsModule` adds them in one line. */
export const LIFECYCLE_PROVIDERS: Provider[] = [
  LifecycleMetrics,
  LifecycleRepository,
  CaseSyncRepository,
  BrandRateLimiter,
  LifecycleTransitions,
  IdleSweeper,
  CloseSweeper,
  CaseStatusService,
  { provide: CaseStatusChecker, useExisting: CaseStatusService },
  CaseSyncService,
  LifecycleScheduler,
  PlatformEventHandler,
  DfoCaseStatusHandler,
  DfoThreadUpdateHandler,
  LifecycleHandlersRegistrar,
];
