import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { testEnv } from './test-app';
import { waitFor } from './wait';

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

/**
 * A real byoc-bridge process (`node dist/src/main.js`, as production runs it) against the test database, for specs
 * that need several instances. `npm test` builds `dist/` before the e2e suite; run `npm run build` first when
 * running such a spec alone.
 */
export class AppProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  static async start(overrides: Record<string, string> = {}): Promise<AppProcess> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', ...testEnv({ LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...overrides }) };
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const app = new AppProcess(child, `http://127.0.0.1:${port}`);
    await app.waitReady();
    return app;
  }

  /** What the process printed (warnings and errors at LOG_LEVEL=warn), for failure messages. */
  get logs(): string {
    return this.output;
  }

  async metric(name: string, labels: Record<string, string>): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  /** SIGKILL: the instance dies at once, whatever it was doing (a crash, an OOM kill). */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, as an orchestrator stops an instance; SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private async waitReady(timeoutMs = 30_000): Promise<void> {
    const ready = () => fetch(`${this.url}/health/ready`).then((r) => r.ok, () => false);
    const state = await waitFor(async () => (this.child.exitCode !== null ? 'exited' : (await ready()) && 'ready'), 'byoc-bridge to be ready', timeoutMs, 100).catch(
      async (err: Error) => {
        await this.stop();
        throw new Error(`${err.message}:\n${this.output}`);
      },
    );
    if (state === 'exited') throw new Error(`byoc-bridge exited with ${this.child.exitCode}:\n${this.output}`);
  }
}

/** A port nobody listens on right now (the process binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
