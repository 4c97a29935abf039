import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testEnv } from './support/test-app';

const MAIN = join(resolve(__dirname, '..'), 'dist/src/main.js');

/**
 * What `node dist/src/main.js` prints (issue 15 finding 8): in the embedded default, a short readable banner with
 * the customer page, the agent console, the docs and where the admin key is; in production, JSON log lines only.
 * Needs `npm run build` (as `npm test` does before the e2e suite).
 */
describe('start-up output', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  });

  it('the embedded default prints a short banner with the four things a newcomer needs, and no JSON', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-banner-'));
    const port = await freePort();
    const run = start({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
    try {
      await run.until((out) => out.includes('Admin API key'), 90_000);
      const lines = run.stdout.split('\n');
      const base = `http://localhost:${port}`;
      expect(run.stdout).toMatch(new RegExp(`Customer chat\\s+${base}/webchat/demo/chat_[0-9a-f-]+`));
      expect(run.stdout).toMatch(new RegExp(`Agent console\\s+${base}/sandbox/agent`));
      expect(run.stdout).toMatch(new RegExp(`API docs\\s+${base}/docs`));
      expect(run.stdout).toContain(`Admin API key  in ${join(dataDir, 'embedded-secrets.json')}`);
      expect(lines.filter((l) => l.trim().startsWith('{'))).toEqual([]);
      expect(lines.length).toBeLessThan(25);
    } finally {
      await run.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('production mode keeps its logs JSON, one object a line', async () => {
    const port = await freePort();
    const run = start(testEnv({ LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port) }));
    try {
      await run.until((out) => out.includes('byoc-bridge is listening'), 60_000);
      const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(run.stdout).not.toContain('Customer chat');
    } finally {
      await run.stop();
    }
  });
});

function start(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [MAIN], { cwd: mkdtempSync(join(tmpdir(), 'bb-start-')), env: { PATH: process.env.PATH ?? '', ...env } });
  const run = {
    stdout: '',
    stderr: '',
    async until(done: (stdout: string) => boolean, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!done(run.stdout)) {
        if (child.exitCode !== null) throw new Error(`main.js exited with ${child.exitCode}: ${run.stdout}\n${run.stderr}`);
        if (Date.now() > deadline) throw new Error(`main.js did not print what was expected: ${run.stdout}\n${run.stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  child.stdout?.on('data', (chunk: Buffer) => (run.stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
  return run;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
