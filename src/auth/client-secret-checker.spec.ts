import { IntegrationEntity } from '../channel-registry/integration.entity';
import { FixedClock } from '../core/clock/clock';
import { hashSecret } from '../core/crypto/hashing';
import { CheckDurations, ClientSecretChecker } from './client-secret-checker';

describe('CheckDurations', () => {
  it('falls back before any check, then draws from the recent durations', () => {
    let next = 0;
    const durations = new CheckDurations(() => next);
    expect(durations.sample(42)).toBe(42);
    for (const ms of [10, 20, 30]) durations.record(ms);
    next = 0.99;
    expect(durations.sample(42)).toBe(30);
    next = 0;
    expect(durations.sample(42)).toBe(10);
  });

  it('keeps only the last 32', () => {
    const durations = new CheckDurations(() => 0);
    for (let ms = 1; ms <= 33; ms++) durations.record(ms);
    expect(durations.sample(0)).toBe(33);
  });
});

describe('ClientSecretChecker', () => {
  const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
  const checker = new ClientSecretChecker(clock);
  let integration: IntegrationEntity;

  beforeAll(async () => {
    integration = {
      clientSecretHash: await hashSecret('new'),
      previousClientSecretHash: await hashSecret('old'),
      previousClientSecretExpiresAt: new Date('2026-01-01T00:00:10Z'),
    } as IntegrationEntity;
  });

  it('accepts the current secret, and the previous one until its grace period ends', async () => {
    await expect(checker.check(integration, 'new')).resolves.toBe(true);
    await expect(checker.check(integration, 'old')).resolves.toBe(true);
    await expect(checker.check(integration, 'other')).resolves.toBe(false);
    clock.advance(10_000);
    await expect(checker.check(integration, 'old')).resolves.toBe(false);
    await expect(checker.check(integration, 'new')).resolves.toBe(true);
  });

  it('answers an unknown client with a refusal after about as long as a real check', async () => {
    const started = Date.now();
    await checker.check(integration, 'other');
    const real = Date.now() - started;
    const decoyStarted = Date.now();
    await expect(checker.decoy()).resolves.toBe(false);
    // Drawn from the checks above: at least a fraction of one scrypt, never an instant answer.
    expect(Date.now() - decoyStarted).toBeGreaterThanOrEqual(Math.min(real, 5) - 1);
  });
});
