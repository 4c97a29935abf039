import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EgressPolicy } from './egress-policy';

/**
 * The egress policy of `EGRESS_ALLOW_PRIVATE_NETWORKS`, for every module that calls out (the DFO client, the
 * platform adapters) and for those that save URLs to call later (brands, channels). Callers build their connection
 * pools with `createEgressAgent(policy, …)`, so no outbound request bypasses it.
 */
@Global()
@Module({
  providers: [{ provide: EgressPolicy, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new EgressPolicy(c.network.egressAllowance) }],
  exports: [EgressPolicy],
})
export class EgressModule {}
