import { Logger } from '@nestjs/common';
import { EntityManager, DataSource } from 'typeorm';
import { DEFAULT_CHANNEL_SETTINGS, ChannelSettings } from '../../core/domain/channel-settings';
import { AppConfig } from '../../core/config/app-config';
import { MetricsService } from '../../core/metrics/metrics.service';
import { LifecycleMetrics } from './lifecycle.metrics';
import { DueThread } from './lifecycle.repository';

// The services' summary lines are not what these specs check.
Logger.overrideLogger(false);

/**
 * Test doubles shared by the lifecycle's unit specs (no database: the SQL is exercised by the e2e specs); specs wrap
 * them with `jest.spyOn`. Files named `*.test-fakes.ts` are left out of the build (tsconfig.build.json), like specs,
 * so no double can ship in dist/.
 */
export function fakeTransactions(): { dataSource: DataSource; manager: EntityManager; statements: string[] } {
  const statements: string[] = [];
  const manager = { query: async (sql: string) => void statements.push(sql) } as unknown as EntityManager;
  const dataSource = { transaction: async (fn: (m: EntityManager) => Promise<unknown>) => fn(manager) } as unknown as DataSource;
  return { dataSource, manager, statements };
}

export function lifecycleConfig(lifecycle: Partial<AppConfig['lifecycle']> = {}): AppConfig {
  return {
    lifecycle: {
      tickMs: 1000,
      sweepBatchSize: 200,
      caseSyncIntervalMs: 5000,
      caseSyncBatchSize: 100,
      caseStatusStaleSeconds: 30,
      caseSyncBrandRps: 10,
      ...lifecycle,
    },
  } as AppConfig;
}

export function lifecycleMetrics(): LifecycleMetrics {
  return new LifecycleMetrics(new MetricsService());
}

export async function transitionCount(metrics: LifecycleMetrics, transition: string, reason: string): Promise<number> {
  const { values } = await metrics.transitions.get();
  return values.find((v) => v.labels.transition === transition && v.labels.reason === reason)?.value ?? 0;
}

export function dueThread(id: string, brandId: string, deadlineAt: Date, settings: Partial<ChannelSettings> = {}): DueThread {
  return { id, brandId, channelId: `channel-of-${brandId}`, idOnExternalPlatform: `platform-${id}`, deadlineAt, settings: { ...DEFAULT_CHANNEL_SETTINGS, ...settings } };
}
