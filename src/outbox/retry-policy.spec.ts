import { DfoError } from '../dfo-client/dfo.errors';
// eslint-disable-next-line boundaries/dependencies -- the outbox reads retry hints by duck typing; this pins that contract against the real error class of the layer above
import { PlatformAdapterError } from '../platform-adapters/platform-adapters.errors';
import { CoreError } from '../core/errors/core.errors';
import { backoffDelayMs, classifyFailure } from './retry-policy';

describe('backoffDelayMs', () => {
  const settings = { backoffBaseMs: 1000, backoffMaxMs: 60000 };

  it('doubles with each attempt, between half and all of the exponential step', () => {
    expect(backoffDelayMs(1, settings, undefined, () => 0)).toBe(500);
    expect(backoffDelayMs(1, settings, undefined, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, settings, undefined, () => 0)).toBe(2000);
    expect(backoffDelayMs(3, settings, undefined, () => 0.999999)).toBe(3999);
  });

  it('is capped at the maximum', () => {
    expect(backoffDelayMs(30, settings, undefined, () => 1)).toBe(60000);
  });

  it('never retries sooner than Retry-After, but still respects the cap', () => {
    expect(backoffDelayMs(1, settings, 7000, () => 0)).toBe(7000);
    expect(backoffDelayMs(1, settings, 600000, () => 0)).toBe(60000);
  });
});

describe('classifyFailure', () => {
  it('retries DFO 5xx and rate limits, honouring retryAfterMs', () => {
    expect(classifyFailure(new DfoError('RETRYABLE', 'DFO answered 503'))).toEqual({ retryable: true, reason: 'DFO.RETRYABLE: DFO answered 503' });
    expect(classifyFailure(new DfoError('RATE_LIMITED', 'slow down', { retryAfterMs: 4000 }))).toMatchObject({ retryable: true, retryAfterMs: 4000 });
  });

  it('gives up on DFO rejections and platform rejections', () => {
    expect(classifyFailure(new DfoError('REJECTED', 'bad body'))).toMatchObject({ retryable: false, reason: 'DFO.REJECTED: bad body' });
    expect(classifyFailure(new PlatformAdapterError('REJECTED', 'platform said 400'))).toMatchObject({ retryable: false });
  });

  it('retries a platform that is down, honouring its Retry-After', () => {
    expect(classifyFailure(new PlatformAdapterError('RETRYABLE', 'timeout', { retryAfterMs: 2500 }))).toEqual({
      retryable: true,
      retryAfterMs: 2500,
      reason: 'ADAPTER.RETRYABLE: timeout',
    });
  });

  it('treats our own domain errors as final and unknown errors as transient', () => {
    expect(classifyFailure(new CoreError('CONFLICT', 'gone'))).toMatchObject({ retryable: false });
    expect(classifyFailure(new Error('Connection terminated'))).toEqual({ retryable: true, reason: 'Error: Connection terminated' });
  });
});
