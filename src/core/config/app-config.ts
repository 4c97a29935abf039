import type { EgressAllowance } from '../egress/egress-policy';
import type { CidrBlock } from '../net/ip-address';

/**
 * The typed configuration of one byoc-bridge process, grouped by namespace. Built once from the environment by
 * `loadConfig` (the only reader of `process.env`, after the embedded bootstrap `withEmbeddedSecrets`), validated as a whole, and injected through `@nestjs/config`
 * (`config.get('dfo', { infer: true })`) or directly as `AppConfig` in factories.
 */
export interface AppConfig {
  app: {
    port: number;
    host: string;
    publicBaseUrl: string;
    /**
     * Sandbox mode: the DFO emulator mounted under /sandbox, the seeded demo and its page. Only in the embedded
     * default (no DATABASE_URL) or with an explicit SANDBOX=true.
     */
    sandbox: boolean;
    /** SANDBOX_PUBLIC: the emulator's test API and agent console answer any client, not only loopback ones. */
    sandboxPublic: boolean;
    logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    logPretty: boolean;
  };
  network: {
    /** TRUSTED_PROXIES: addresses or CIDRs whose X-Forwarded-* headers are believed; none by default. */
    trustedProxies: CidrBlock[];
    /** EGRESS_ALLOW_PRIVATE_NETWORKS: non-public blocks outbound HTTP may reach (`*`: any); `*` in sandbox mode. */
    egressAllowance: EgressAllowance;
  };
  /** TLS_CERT_FILE / TLS_KEY_FILE / TLS_KEY_PASSPHRASE: serve HTTPS on PORT and ask clients for a certificate; null: plain HTTP. */
  tls: TlsConfig | null;
  mtls: {
    /**
     * MTLS_CLIENT_CERT_HEADER (lower case): the header in which a TLS-terminating proxy passes the client certificate
     * as URL-encoded PEM; believed only from TRUSTED_PROXIES. null: only certificates of our own TLS connections count.
     */
    clientCertHeader: string | null;
    /** How often trusted CA certificates are checked for coming expiry (warnings 30 and 7 days before). */
    expiryCheckIntervalMs: number;
  };
  database: {
    /** null: embedded PGlite in `dataDir` (one instance, pool of 1, in-process event bus). */
    url: string | null;
    dataDir: string;
    poolSize: number;
    runMigrations: boolean;
  };
  security: {
    tokenSigningSecret: string;
    /** 32 bytes, AES-256-GCM key for secrets at rest. */
    encryptionKey: Buffer;
    adminApiKey: string;
    integrationTokenTtlSeconds: number;
    /** Token endpoint requests per minute and client address, and per client id (each counted on one instance). */
    integrationTokenRequestsPerMinutePerAddress: number;
    integrationTokenRequestsPerMinutePerClient: number;
  };
  dfo: {
    timeoutMs: number;
    maxRetries: number;
    retryBaseMs: number;
    retryMaxMs: number;
    /** Refresh a DFO token this many seconds before it expires. */
    tokenRefreshSkewSeconds: number;
  };
  outbox: {
    maxAttempts: number;
    batchSize: number;
    concurrency: number;
    sweepIntervalMs: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    /**
     * A claim's lease. The worker renews it every third of a lease while the delivery runs, so a slow DFO call keeps
     * its row, and a crashed instance's deliveries are taken over within one lease.
     */
    leaseMs: number;
    /** End-user typing older than this is dropped instead of sent to DFO. */
    typingStaleMs: number;
    /** On shutdown, deliveries still running after this long are handed back (pending) for another instance. */
    shutdownGraceMs: number;
  };
  platform: {
    timeoutMs: number;
  };
  registry: {
    /**
     * How long channels and brands (with their secrets opened) are served from memory on the hot paths. Admin
     * writes drop them at once on every instance (NOTIFY); the TTL bounds a lost notification. 0 disables the cache.
     */
    cacheTtlMs: number;
  };
  lifecycle: {
    tickMs: number;
    sweepBatchSize: number;
    caseSyncIntervalMs: number;
    caseSyncBatchSize: number;
    /** A cached DFO case status older than this is checked again before an inbound message is forwarded. */
    caseStatusStaleSeconds: number;
    /** Per-brand budget of case-status reads per second. */
    caseSyncBrandRps: number;
  };
  webchat: {
    sessionTtlSeconds: number;
    messagesPerMinute: number;
    /** New web chat sessions per client address and minute. */
    sessionsPerMinute: number;
    maxTextLength: number;
    /** A comment line on every open Server-Sent Events stream this often, so proxies keep it open. */
    sseHeartbeatMs: number;
    /** Open Server-Sent Events streams one session (one conversation) may hold on one instance: a few tabs. */
    maxStreamsPerSession: number;
  };
  /**
   * Sandbox mode only (null otherwise): the `SANDBOX_*` variables, unread. They configure what sandbox mode mounts (the
   * DFO emulator reads its `SANDBOX_DFO_*` itself), which is not the product's to know or validate.
   */
  sandboxEnv: Readonly<Record<string, string>> | null;
}

export type ConfigNamespace = keyof AppConfig;

/** The server certificate and key as read (and checked to match) at start-up. */
export interface TlsConfig {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  passphrase: string | undefined;
}
