import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock, FixedClock } from '../core/clock/clock';
import { APP_CONFIG } from '../core/config/config.module';
import { EventBus } from '../core/events/event-bus';
import { InProcessEventBus } from '../core/events/in-process-event-bus';
import { MetricsService } from '../core/metrics/metrics.service';
import { brandCredentials, TEST_DFO_CONFIG } from '../../test/support/dfo-client-harness';
import { FakeDfoServer } from '../../test/support/fake-dfo-server';
import { DfoClient } from './dfo-client';
import { DfoClientModule } from './dfo-client.module';
import { HttpDfoClient } from './http-dfo-client';

/** What the app's global core modules provide to DfoClientModule. */
@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useValue: { dfo: TEST_DFO_CONFIG } },
    { provide: Clock, useValue: new FixedClock() },
    { provide: EventBus, useValue: new InProcessEventBus() },
    MetricsService,
  ],
  exports: [APP_CONFIG, Clock, EventBus, MetricsService],
})
class CoreStub {}

describe('DfoClientModule', () => {
  it('provides the HTTP DfoClient, records metrics in the app registry, and closes its pool on shutdown', async () => {
    const dfo = await new FakeDfoServer().start();
    dfo.route('GET /dfo/3.0/channels', { body: [] });
    const moduleRef = await Test.createTestingModule({ imports: [CoreStub, DfoClientModule] }).compile();
    const client = moduleRef.get(DfoClient);
    expect(client).toBeInstanceOf(HttpDfoClient);
    await client.listChannels(brandCredentials(dfo.origin));
    const text = await moduleRef.get(MetricsService).registry.metrics();
    expect(text).toContain('dfo_requests_total{operation="listChannels",outcome="success"} 1');
    expect(text).toContain('dfo_request_duration_seconds_count{operation="listChannels"} 1');
    await moduleRef.close();
    await expect(client.listChannels(brandCredentials(dfo.origin))).rejects.toMatchObject({ kind: 'RETRYABLE' });
    await dfo.stop();
  });
});
