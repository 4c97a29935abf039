import { readFileSync } from 'node:fs';
import type { EmulatorOptions } from './emulator.options';

type Env = Record<string, string | undefined>;

/** Every bad emulator variable at once, so one start-up message lists them all. */
export class EmulatorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid DFO emulator configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EmulatorConfigError';
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type EmulatorLogLevel = (typeof LOG_LEVELS)[number];

/** The emulator's settings from the environment, wherever it runs (standalone, or mounted in the app). */
export type EmulatorEnvSettings = Omit<EmulatorOptions, 'basePath'>;

export interface StandaloneEmulatorConfig extends EmulatorEnvSettings {
  port: number;
  host: string;
  logLevel: EmulatorLogLevel;
}

/**
 * `SANDBOX_DFO_TOKEN_TTL_S` (lifetime of the tokens it issues, default 3600), `SANDBOX_DFO_ACCESS_KEYS` (`id:secret`
 * pairs accepted on the token endpoints; empty accepts any key) and `SANDBOX_DFO_CALL_TIMEOUT_MS` (timeout of each
 * call to a middleware, default 10000) and `SANDBOX_DFO_TRUSTED_CA_FILE` (PEM certificates to trust for a middleware's
 * HTTPS server besides the public CAs). Throws `EmulatorConfigError` listing every bad value.
 */
export function readEmulatorSettings(env: Env): EmulatorEnvSettings {
  const reader = new Reader(env);
  const settings = readSettings(reader);
  reader.throwIfProblems();
  return settings;
}

/** The standalone emulator (`npm run sandbox:dfo`): the settings plus `PORT` (4010), `HOST` (127.0.0.1), `LOG_LEVEL`. */
export function readStandaloneEmulatorConfig(env: Env): StandaloneEmulatorConfig {
  const reader = new Reader(env);
  const config: StandaloneEmulatorConfig = {
    port: reader.int('PORT', 4010, 0, 65535),
    // Loopback unless told otherwise: the test API has no authentication.
    host: reader.raw('HOST') ?? '127.0.0.1',
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    ...readSettings(reader),
  };
  reader.throwIfProblems();
  return config;
}

function readSettings(reader: Reader): EmulatorEnvSettings {
  const accessKeys = (reader.raw('SANDBOX_DFO_ACCESS_KEYS') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (accessKeys.some((pair) => !/^[^:]+:.+$/.test(pair))) {
    reader.problems.push('SANDBOX_DFO_ACCESS_KEYS must be a comma-separated list of id:secret pairs');
  }
  return {
    tokenTtlSeconds: reader.int('SANDBOX_DFO_TOKEN_TTL_S', 3600, 1, 86400),
    accessKeys,
    callTimeoutMs: reader.int('SANDBOX_DFO_CALL_TIMEOUT_MS', 10000, 100, 120000),
    trustedServerCaPems: trustedCaFile(reader),
  };
}

function trustedCaFile(reader: Reader): string[] {
  const file = reader.raw('SANDBOX_DFO_TRUSTED_CA_FILE');
  if (file === undefined) return [];
  try {
    const text = readFileSync(file, 'utf8');
    if (text.includes('-----BEGIN CERTIFICATE-----')) return [text];
    reader.problems.push(`SANDBOX_DFO_TRUSTED_CA_FILE holds no PEM certificate (${file})`);
  } catch (err) {
    reader.problems.push(`SANDBOX_DFO_TRUSTED_CA_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}: ${file})`);
  }
  return [];
}

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${value}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return fallback;
  }

  throwIfProblems(): void {
    if (this.problems.length > 0) throw new EmulatorConfigError(this.problems);
  }
}
