import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

const DIST = join(__dirname, '..');
/** One set per bench run: an app restarted on the same database must open what the first one sealed. */
const APP_SECRETS = { TOKEN_SIGNING_SECRET: randomBytes(32).toString('hex'), ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const COUNTER = join(__dirname, 'sql-counter.js');

export interface SqlCounts {
  statements: number;
  transactions: number;
  byVerb: Record<string, number>;
}

/**
 * A measured child process (the app, the ceiling or the DFO emulator): its URL, its memory from /proc, and the SQL
 * counts of `sql-counter.ts` over IPC.
 */
export class Measured {
  private output = '';

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (c: Buffer) => (this.output = (this.output + c.toString('utf8')).slice(-20_000)));
    child.stderr?.on('data', (c: Buffer) => (this.output = (this.output + c.toString('utf8')).slice(-20_000)));
  }

  get logs(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident set size now and its high-water mark since start, in MB. */
  rss(): { now: number; peak: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (field: string) => Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? 0);
    return { now: kb('VmRSS:') / 1024, peak: kb('VmHWM:') / 1024 };
  }

  async sqlCounts(reset = false): Promise<SqlCounts> {
    const answer = new Promise<SqlCounts>((resolve) => {
      const onMessage = (m: { type?: string; counts?: SqlCounts }) => {
        if (m?.type !== 'sql-counts') return;
        this.child.off('message', onMessage);
        resolve(m.counts!);
      };
      this.child.on('message', onMessage);
    });
    this.child.send({ type: 'sql-counts' });
    const counts = await answer;
    if (reset) this.child.send({ type: 'sql-reset' });
    return counts;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function start(name: string, script: string, env: Record<string, string>, ready: (url: string) => Promise<boolean>): Promise<Measured> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', COUNTER, join(DIST, script)], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const measured = new Measured(name, child, `http://127.0.0.1:${port}`);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${measured.logs}`);
    if (await ready(measured.url).catch(() => false)) return measured;
    await new Promise((r) => setTimeout(r, 200));
  }
  await measured.stop();
  throw new Error(`${name} was not ready within 90 s:\n${measured.logs}`);
}

const ok = async (url: string) => (await fetch(url)).ok;

/** byoc-bridge as production runs it (`dist/src/main.js`, Postgres, no sandbox), with its outbox. */
export function startApp(databaseUrl: string, adminKey: string, extra: Record<string, string> = {}): Promise<Measured> {
  return start('byoc-bridge', 'src/main.js', {
    SANDBOX: 'false',
    DATABASE_URL: databaseUrl,
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    ...APP_SECRETS,
    ADMIN_API_KEY: adminKey,
    // The emulator listens on loopback.
    EGRESS_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
    LOG_LEVEL: 'warn',
    ...extra,
  }, (url) => ok(`${url}/health/ready`));
}

export function startCeiling(databaseUrl: string, secret: string): Promise<Measured> {
  return start('ceiling', 'bench/ceiling.js', { DATABASE_URL: databaseUrl, CEILING_SECRET: secret, DATABASE_POOL_SIZE: '10' }, (url) => ok(`${url}/health/ready`));
}

/** The DFO emulator in a process of its own, as DFO is remote in production. */
export function startEmulator(): Promise<Measured> {
  return start('dfo-emulator', 'emulators/dfo/standalone.js', { LOG_LEVEL: 'warn' }, (url) => ok(`${url}/_emulator/state`));
}
