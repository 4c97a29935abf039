import { Logger } from '@nestjs/common';
import { FixedClock } from '../../src/core/clock/clock';
import { MetricsService } from '../../src/core/metrics/metrics.service';
import { DfoApiCaller } from '../../src/dfo-client/dfo-api.caller';
import { DfoClientConfig } from '../../src/dfo-client/dfo-client.config';
import { DfoBrandCredentials } from '../../src/dfo-client/dfo-credentials';
import { DfoMetrics } from '../../src/dfo-client/dfo-metrics';
import { HttpDfoClient } from '../../src/dfo-client/http-dfo-client';
import { DfoTokenCache } from '../../src/dfo-client/token/dfo-token.cache';
import { DfoTokenFetcher } from '../../src/dfo-client/token/dfo-token.fetcher';
import { DfoExchange } from '../../src/dfo-client/transport/dfo-exchange';
import { DfoHttpTransport } from '../../src/dfo-client/transport/dfo-http.transport';
import { DfoRetryPolicy } from '../../src/dfo-client/transport/retry-policy';
import { Sleeper } from '../../src/dfo-client/transport/sleeper';

/** Records every backoff instead of waiting, so specs assert delays without spending wall time. */
export class RecordingSleeper extends Sleeper {
  readonly delays: number[] = [];
  sleep(ms: number): Promise<void> {
    this.delays.push(ms);
    return Promise.resolve();
  }
}

export interface DfoClientHarness {
  client: HttpDfoClient;
  clock: FixedClock;
  sleeper: RecordingSleeper;
  metrics: MetricsService;
  close(): Promise<void>;
}

export const TEST_DFO_CONFIG: DfoClientConfig = { timeoutMs: 2000, maxRetries: 3, retryBaseMs: 100, retryMaxMs: 5000, tokenRefreshSkewSeconds: 60 };

/** The real HttpDfoClient graph, wired by hand as DfoClientModule wires it, with a fixed clock and a recording sleeper. */
export function buildDfoClient(overrides: Partial<DfoClientConfig> = {}, options: { sleeper?: Sleeper } = {}): DfoClientHarness {
  const config = { ...TEST_DFO_CONFIG, ...overrides };
  const clock = new FixedClock();
  const sleeper = new RecordingSleeper();
  const metrics = new MetricsService();
  const dfoMetrics = new DfoMetrics(metrics);
  const transport = new DfoHttpTransport(config);
  const exchange = new DfoExchange(transport, new DfoRetryPolicy(config), options.sleeper ?? sleeper, clock, dfoMetrics);
  const tokens = new DfoTokenCache(new DfoTokenFetcher(exchange, dfoMetrics), clock, config);
  const client = new HttpDfoClient(new DfoApiCaller(exchange, tokens, dfoMetrics));
  return { client, clock, sleeper, metrics, close: () => transport.onApplicationShutdown() };
}

export function brandCredentials(origin: string, overrides: Partial<DfoBrandCredentials> = {}): DfoBrandCredentials {
  return {
    kind: 'brand',
    brandId: 'brand-1',
    cacheKey: 'brand-1:key-fingerprint',
    apiBaseUrl: `${origin}/dfo/3.0`,
    authKind: 'access_key',
    authUrl: `${origin}/auth/token`,
    keyId: 'key-id-1',
    secret: 'key-secret-1',
    ...overrides,
  };
}

/** The value of one Prometheus sample, or 0 when it was never recorded. */
export async function metricValue(metrics: MetricsService, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const match = values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val) && !('le' in v.labels));
  return match?.value ?? 0;
}

// The client logs every attempt at debug level; specs assert behaviour, not log lines.
Logger.overrideLogger(false);
