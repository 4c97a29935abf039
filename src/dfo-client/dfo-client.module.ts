import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../core/config/config.module';
import { AppConfig } from '../core/config/app-config';
import { DfoApiCaller } from './dfo-api.caller';
import { DfoClient } from './dfo-client';
import { DFO_CONFIG, DfoClientConfig } from './dfo-client.config';
import { DfoMetrics } from './dfo-metrics';
import { HttpDfoClient } from './http-dfo-client';
import { DfoBrandTokens } from './token/dfo-brand-tokens';
import { DfoTokenCache } from './token/dfo-token.cache';
import { DfoTokenFetcher } from './token/dfo-token.fetcher';
import { DfoExchange } from './transport/dfo-exchange';
import { DfoHttpTransport } from './transport/dfo-http.transport';
import { DfoRetryPolicy } from './transport/retry-policy';
import { Sleeper, TimerSleeper } from './transport/sleeper';

/**
 * Provides `DfoClient` (the HTTP implementation) to every module that calls DFO. One instance per app: it owns the
 * keep-alive connection pool (closed on shutdown) and the per-brand token cache, which `DfoBrandTokens` empties for
 * a brand whose credentials changed.
 */
@Module({
  providers: [
    { provide: DFO_CONFIG, useFactory: (config: AppConfig): DfoClientConfig => config.dfo, inject: [APP_CONFIG] },
    { provide: DfoRetryPolicy, useFactory: (config: DfoClientConfig) => new DfoRetryPolicy(config), inject: [DFO_CONFIG] },
    { provide: Sleeper, useClass: TimerSleeper },
    DfoHttpTransport,
    DfoMetrics,
    DfoExchange,
    DfoTokenFetcher,
    DfoTokenCache,
    DfoBrandTokens,
    DfoApiCaller,
    { provide: DfoClient, useClass: HttpDfoClient },
  ],
  exports: [DfoClient, DfoBrandTokens],
})
export class DfoClientModule {}
