/**
 * byoc-bridge benchmark (run on demand: `npm run bench`; never part of `npm test`).
 *
 * Starts the DFO emulator and a platform stand-in in this process, spawns the real app (`node dist/src/main.js`,
 * production mode against Postgres), provisions a brand, integration and webhook channel through the admin API,
 * then measures:
 *   1. inbound: signed webhook messages per second and the latency of the 202 (the platform's wait), with autocannon;
 *   2. drain: how long the outbox takes to forward every accepted message to the emulator (end-to-end throughput);
 *   3. memory: the app's resident set size (now and peak);
 *   4. the token endpoint: CPU and latency of unknown client ids against wrong secrets (bench/token-endpoint.ts).
 * Everything runs on loopback on one machine, so the numbers are relative: compare runs on the same machine.
 * Settings: BENCH_SECONDS (10), BENCH_CONNECTIONS (20), BENCH_THREADS (200), DATABASE_URL (a database whose name
 * contains "bench"; created when missing).
 */
import autocannon, { Request as CannonRequest } from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { signedHeaders } from '../src/platform-adapters/webhook/webhook-signature';
import { startStandaloneEmulator } from '../emulators/dfo/standalone';
import { measureTokenEndpoint } from './token-endpoint';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const THREADS = Number(process.env.BENCH_THREADS ?? 200);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/byoc_bridge_bench';
const ADMIN_KEY = `bb_bench_${randomBytes(16).toString('hex')}`;
const SIGNING_SECRET = randomBytes(24).toString('hex');

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/bench/.test(name)) throw new Error(`Refusing to benchmark against "${name}": the name must contain "bench"`);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

/** The platform side of the webhook channel: answers every outbound event with a fresh id. */
async function startPlatform(): Promise<{ url: string; server: Server }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `p-${++n}` })));
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/byoc`, server };
}

async function startApp(port: number): Promise<ChildProcess> {
  const app = spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      SANDBOX: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL,
      TOKEN_SIGNING_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ready) return app;
    await new Promise((r) => setTimeout(r, 250));
  }
  app.kill('SIGKILL');
  throw new Error('The app did not become ready within 60 s');
}

async function admin<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function rssMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? 0);
  return { now: kb('VmRSS:') / 1024, peak: kb('VmHWM:') / 1024 };
}

async function main(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  const emulator = await startStandaloneEmulator({ port: 0, logLevel: 'warn' });
  const platform = await startPlatform();
  const port = await freePort();
  const app = await startApp(port);
  const base = `http://127.0.0.1:${port}`;
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const dfoBrandId = 100000 + Math.floor(Math.random() * 800000);
    const brand = await admin<{ id: string }>(base, '/brands', {
      name: 'Bench', tenantId: randomUUID(), dfoBrandId, businessUnitId: 1,
      dfo: { apiBaseUrl: emulator.dfoApiBaseUrl, authKind: 'access_key', authUrl: emulator.authUrl, keyId: 'bench', secret: 'bench-secret' },
    });
    const integration = await admin<{ id: string; clientId: string; clientSecret: string; channelIntegrationId: string }>(
      base, `/brands/${brand.id}/integrations`, { name: 'Bench', replyApi: '2.0', channelIntegrationId: randomUUID() },
    );
    await fetch(`${emulator.testApiUrl}/integrations/${integration.channelIntegrationId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ integrationBoxUrl: `${base}/integration/box`, authorizationUrl: `${base}/integration/box/1.0/token`, clientId: integration.clientId, clientSecret: integration.clientSecret, replyApi: '2.0' }),
    });
    const channel = await admin<{ id: string; dfoChannelId: string }>(base, `/integrations/${integration.id}/channels`, {
      name: 'Bench webhook', adapter: 'webhook', adapterConfig: { outboundUrl: platform.url, signingSecrets: [SIGNING_SECRET] },
    });

    let sent = 0;
    const result = await autocannon({
      url: `${base}/webhooks/${channel.dfoChannelId}`,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{
        method: 'POST',
        setupRequest: (req: CannonRequest): CannonRequest => {
          const n = ++sent;
          const body = JSON.stringify({ events: [{
            type: 'message', id: `bench-${n}`, threadId: `t-${n % THREADS}`, createdAt: new Date().toISOString(),
            author: { id: `u-${n % THREADS}`, firstName: 'Bench' }, text: `message ${n}`,
          }] });
          return { ...req, body, headers: { 'content-type': 'application/json', ...signedHeaders(SIGNING_SECRET, body, new Date()) } };
        },
      }],
    });
    const accepted = result['2xx'];

    const drainStart = Date.now();
    let forwarded = 0;
    while (Date.now() - drainStart < 300_000) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM messages WHERE channel_id = $1 AND direction = 'inbound' AND status <> 'accepted'`, [channel.id]);
      forwarded = rows[0].n;
      if (forwarded >= accepted) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const memory = rssMb(app.pid!);
    const tokenRows = await measureTokenEndpoint(base, app.pid!, integration.clientId);

    const rows: Array<[string, string]> = [
      ['webhook requests sent / accepted (202)', `${result.requests.total} / ${accepted}`],
      ['non-2xx / errors / timeouts', `${result.non2xx} / ${result.errors} / ${result.timeouts}`],
      ['inbound throughput (req/s, mean)', result.requests.average.toFixed(0)],
      ['202 latency p50 / p99 / max (ms)', `${result.latency.p50} / ${result.latency.p99} / ${result.latency.max}`],
      ['messages forwarded to DFO', `${forwarded} of ${accepted}`],
      ['drain after load (s)', drainSeconds.toFixed(1)],
      ['end-to-end to DFO (msg/s, load + drain)', (forwarded / (SECONDS + drainSeconds)).toFixed(0)],
      ['app RSS now / peak (MB)', `${memory.now.toFixed(0)} / ${memory.peak.toFixed(0)}`],
      ...tokenRows,
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\nbyoc-bridge bench: ${SECONDS}s, ${CONNECTIONS} connections, ${THREADS} threads, Postgres ${new URL(DATABASE_URL).pathname.slice(1)}\n`);
    console.log(`| ${'measure'.padEnd(width)} | value |`);
    console.log(`|${'-'.repeat(width + 2)}|-------|`);
    for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
  } finally {
    await db.end();
    app.kill('SIGTERM');
    await once(app, 'exit');
    platform.server.close();
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
