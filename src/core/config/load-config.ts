import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { EgressAllowance } from '../egress/egress-policy';
import { CidrBlock, parseCidr } from '../net/ip-address';
import { AppConfig, TlsConfig } from './app-config';
import { isPlaceholder, weakKeyProblem, weakSecretProblem } from './secret-strength';

type Env = Record<string, string | undefined>;

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Collects every problem instead of stopping at the first, so one start-up message lists them all. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }
  required(name: string, why: string): string {
    const v = this.raw(name);
    if (v === undefined) this.problems.push(`${name} is required ${why}`);
    return v ?? '';
  }
  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }
  int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  }
  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (/^(true|1|yes)$/i.test(v)) return true;
    if (/^(false|0|no)$/i.test(v)) return false;
    this.problems.push(`${name} must be true or false (got "${v}")`);
    return fallback;
  }
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${v}")`);
      return fallback;
    }
    return v as T;
  }
  /** Comma-separated IP addresses or CIDR blocks; each bad entry is named. */
  cidrs(name: string): CidrBlock[] {
    const entries = (this.raw(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return entries.flatMap((entry) => {
      const block = parseCidr(entry);
      if (!block) this.problems.push(`${name} must be a comma-separated list of IP addresses or CIDR blocks (got "${entry}")`);
      return block ? [block] : [];
    });
  }
  url(name: string, value: string | undefined): string {
    if (value === undefined) return '';
    try {
      const u = new URL(value);
      if (!['http:', 'https:', 'postgres:', 'postgresql:'].includes(u.protocol)) throw new Error('protocol');
    } catch {
      this.problems.push(`${name} must be an absolute URL (got "${value}")`);
    }
    return value.replace(/\/+$/, '');
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Sandbox mode is never on by accident (architecture.md §7): on in the embedded default (no DATABASE_URL), or when
 * SANDBOX=true is set explicitly; with DATABASE_URL and SANDBOX unset it is off.
 */
function runMode(r: EnvReader): { sandbox: boolean; dataDir: string } {
  return { sandbox: r.bool('SANDBOX', r.raw('DATABASE_URL') === undefined), dataDir: r.string('DATA_DIR', './.data') };
}

/**
 * Sandbox mode and the data directory, read exactly as `loadConfig` reads them, for the embedded bootstrap that runs
 * before it (embedded-secrets.ts). `valid: false` when either variable is malformed: `loadConfig` will say so.
 */
export function readRunMode(env: Env): { sandbox: boolean; dataDir: string; valid: boolean } {
  const r = new EnvReader(env);
  return { ...runMode(r), valid: r.problems.length === 0 };
}

/**
 * TLS_CERT_FILE and TLS_KEY_FILE (both or neither), read now and checked to belong together (and TLS_KEY_PASSPHRASE
 * to open the key), so that a wrong file stops start-up with the others' problems instead of failing the first
 * handshake.
 */
function readTls(r: EnvReader): TlsConfig | null {
  const certFile = r.raw('TLS_CERT_FILE');
  const keyFile = r.raw('TLS_KEY_FILE');
  const passphrase = r.raw('TLS_KEY_PASSPHRASE');
  if (certFile === undefined && keyFile === undefined) {
    if (passphrase !== undefined) r.problems.push('TLS_KEY_PASSPHRASE is set without TLS_CERT_FILE and TLS_KEY_FILE');
    return null;
  }
  if (certFile === undefined || keyFile === undefined) {
    r.problems.push('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
    return null;
  }
  const read = (name: string, file: string): Buffer | null => {
    try {
      return readFileSync(file);
    } catch (err) {
      r.problems.push(`${name} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}: ${file})`);
      return null;
    }
  };
  const cert = read('TLS_CERT_FILE', certFile);
  const key = read('TLS_KEY_FILE', keyFile);
  if (!cert || !key) return null;
  try {
    createSecureContext({ cert, key, passphrase });
  } catch (err) {
    r.problems.push(`TLS_CERT_FILE, TLS_KEY_FILE and TLS_KEY_PASSPHRASE do not make a usable server certificate (${(err as Error).message})`);
    return null;
  }
  return { certFile, keyFile, cert, key, passphrase };
}

/** An HTTP header name (RFC 9110 token), lower-cased as Node hands headers over. */
function headerName(r: EnvReader, name: string): string | null {
  const value = r.raw(name);
  if (value === undefined) return null;
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) {
    r.problems.push(`${name} must be an HTTP header name (got "${value}")`);
    return null;
  }
  return value.toLowerCase();
}

function parseEncryptionKey(r: EnvReader, value: string): Buffer {
  if (!value) return Buffer.alloc(32);
  if (isPlaceholder(value)) {
    r.problems.push('ENCRYPTION_KEY is a placeholder; generate one with openssl rand -base64 32');
    return Buffer.alloc(32);
  }
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) r.problems.push('ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64');
  else pushIf(r, weakKeyProblem('ENCRYPTION_KEY', key));
  return key;
}

function pushIf(r: EnvReader, problem: string | null): void {
  if (problem) r.problems.push(problem);
}

/** `*`, `none`, or CIDR blocks; unset: `*` in sandbox mode (its emulator is on loopback), none in production. */
function readEgressAllowance(r: EnvReader, sandbox: boolean): EgressAllowance {
  const raw = r.raw('EGRESS_ALLOW_PRIVATE_NETWORKS');
  if (raw === undefined) return sandbox ? '*' : [];
  if (raw === '*') return '*';
  if (raw.toLowerCase() === 'none') return [];
  return r.cidrs('EGRESS_ALLOW_PRIVATE_NETWORKS');
}

/** Reads and validates the whole configuration; throws `ConfigValidationError` listing every problem. */
export function loadConfig(env: Env = process.env): AppConfig {
  const r = new EnvReader(env);
  const { sandbox, dataDir } = runMode(r);
  const port = r.int('PORT', 3000, 0, 65535);
  const tls = readTls(r);
  const databaseUrl = r.raw('DATABASE_URL');
  const prod = 'in production mode (SANDBOX not true)';
  // Reading only: in sandbox mode the embedded bootstrap (`withEmbeddedSecrets`) has filled in what was not set.
  const secretWhy = sandbox ? 'in sandbox mode too (the embedded bootstrap, withEmbeddedSecrets, generates it)' : prod;

  if (!sandbox) r.required('DATABASE_URL', prod);
  const publicBaseUrl = sandbox ? r.raw('PUBLIC_BASE_URL') : r.required('PUBLIC_BASE_URL', prod);
  const secrets = {
    tokenSigningSecret: r.required('TOKEN_SIGNING_SECRET', secretWhy),
    encryptionKey: r.required('ENCRYPTION_KEY', secretWhy),
    adminApiKey: r.required('ADMIN_API_KEY', secretWhy),
  };
  if (secrets.tokenSigningSecret && secrets.tokenSigningSecret.length < 32) {
    r.problems.push('TOKEN_SIGNING_SECRET must be at least 32 characters');
  } else if (secrets.tokenSigningSecret) {
    pushIf(r, weakSecretProblem('TOKEN_SIGNING_SECRET', secrets.tokenSigningSecret));
  }
  if (secrets.adminApiKey && secrets.adminApiKey.length < 24) {
    r.problems.push('ADMIN_API_KEY must be at least 24 characters');
  } else if (secrets.adminApiKey) {
    pushIf(r, weakSecretProblem('ADMIN_API_KEY', secrets.adminApiKey));
  }

  const config: AppConfig = {
    app: {
      port,
      host: r.string('HOST', '0.0.0.0'),
      publicBaseUrl: r.url('PUBLIC_BASE_URL', publicBaseUrl ?? `${tls ? 'https' : 'http'}://localhost:${port}`),
      sandbox,
      sandboxPublic: sandbox && r.bool('SANDBOX_PUBLIC', false),
      // The embedded default is someone trying it out: readable logs, warnings and up (the banner has the URLs).
      logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, databaseUrl === undefined ? 'warn' : 'info'),
      logPretty: r.bool('LOG_PRETTY', databaseUrl === undefined),
    },
    network: {
      trustedProxies: r.cidrs('TRUSTED_PROXIES'),
      egressAllowance: readEgressAllowance(r, sandbox),
    },
    tls,
    mtls: {
      clientCertHeader: headerName(r, 'MTLS_CLIENT_CERT_HEADER'),
      expiryCheckIntervalMs: r.int('MTLS_EXPIRY_CHECK_INTERVAL_MS', 86_400_000, 1000, 7 * 86_400_000),
    },
    database: {
      url: databaseUrl ? r.url('DATABASE_URL', databaseUrl) : null,
      dataDir,
      poolSize: r.int('DATABASE_POOL_SIZE', 10, 1, 200),
      runMigrations: r.bool('DATABASE_RUN_MIGRATIONS', true),
    },
    security: {
      tokenSigningSecret: secrets.tokenSigningSecret,
      encryptionKey: parseEncryptionKey(r, secrets.encryptionKey),
      adminApiKey: secrets.adminApiKey,
      integrationTokenTtlSeconds: r.int('INTEGRATION_TOKEN_TTL_S', 3600, 30, 7 * 86400),
      integrationTokenRequestsPerMinutePerAddress: r.int('INTEGRATION_TOKEN_RATE_PER_ADDRESS', 300, 1, 1_000_000),
      integrationTokenRequestsPerMinutePerClient: r.int('INTEGRATION_TOKEN_RATE_PER_CLIENT', 60, 1, 1_000_000),
    },
    dfo: {
      timeoutMs: r.int('DFO_TIMEOUT_MS', 10000, 100, 120000),
      maxRetries: r.int('DFO_MAX_RETRIES', 3, 0, 10),
      retryBaseMs: r.int('DFO_RETRY_BASE_MS', 200, 1, 60000),
      retryMaxMs: r.int('DFO_RETRY_MAX_MS', 5000, 1, 300000),
      tokenRefreshSkewSeconds: r.int('DFO_TOKEN_REFRESH_SKEW_S', 60, 0, 3600),
    },
    outbox: {
      maxAttempts: r.int('OUTBOX_MAX_ATTEMPTS', 10, 1, 100),
      batchSize: r.int('OUTBOX_BATCH_SIZE', 50, 1, 1000),
      concurrency: r.int('OUTBOX_CONCURRENCY', 32, 1, 256),
      sweepIntervalMs: r.int('OUTBOX_SWEEP_INTERVAL_MS', 1000, 50, 60000),
      backoffBaseMs: r.int('OUTBOX_BACKOFF_BASE_MS', 1000, 1, 600000),
      backoffMaxMs: r.int('OUTBOX_BACKOFF_MAX_MS', 300000, 1, 86400000),
      leaseMs: r.int('OUTBOX_LEASE_MS', 8000, 1000, 3600000),
      typingStaleMs: r.int('OUTBOX_TYPING_STALE_MS', 5000, 100, 60000),
      shutdownGraceMs: r.int('OUTBOX_SHUTDOWN_GRACE_MS', 1000, 0, 600000),
    },
    platform: {
      timeoutMs: r.int('PLATFORM_TIMEOUT_MS', 5000, 100, 120000),
    },
    registry: {
      cacheTtlMs: r.int('REGISTRY_CACHE_TTL_MS', 5000, 0, 600000),
    },
    lifecycle: {
      tickMs: r.int('LIFECYCLE_TICK_MS', 1000, 50, 60000),
      sweepBatchSize: r.int('LIFECYCLE_SWEEP_BATCH', 200, 1, 10000),
      caseSyncIntervalMs: r.int('CASE_SYNC_INTERVAL_MS', 5000, 100, 600000),
      caseSyncBatchSize: r.int('CASE_SYNC_BATCH', 100, 1, 10000),
      caseStatusStaleSeconds: r.int('CASE_STATUS_STALE_S', 30, 0, 86400),
      caseSyncBrandRps: r.int('CASE_SYNC_BRAND_RPS', 10, 1, 10000),
    },
    webchat: {
      sessionTtlSeconds: r.int('WEBCHAT_SESSION_TTL_S', 7 * 86400, 60, 365 * 86400),
      messagesPerMinute: r.int('WEBCHAT_MESSAGES_PER_MINUTE', 60, 1, 100000),
      sessionsPerMinute: r.int('WEBCHAT_SESSIONS_PER_MINUTE', 30, 1, 100000),
      maxTextLength: r.int('WEBCHAT_MAX_TEXT_LENGTH', 4000, 1, 100000),
      sseHeartbeatMs: r.int('WEBCHAT_SSE_HEARTBEAT_MS', 15000, 100, 300000),
      maxStreamsPerSession: r.int('WEBCHAT_MAX_STREAMS_PER_SESSION', 5, 1, 100),
    },
    sandboxEnv: sandbox ? sandboxVariables(env) : null,
  };
  if (config.mtls.clientCertHeader && config.network.trustedProxies.length === 0) {
    r.problems.push('MTLS_CLIENT_CERT_HEADER needs TRUSTED_PROXIES: the header is believed only from those addresses');
  }
  if (r.problems.length > 0) throw new ConfigValidationError(r.problems);
  return config;
}

/** The `SANDBOX_*` variables, handed unread to what sandbox mode mounts (see `AppConfig.sandboxEnv`). */
function sandboxVariables(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('SANDBOX_') && e[1] !== undefined));
}
