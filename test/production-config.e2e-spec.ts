import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'dist/src/main.js');
const REQUIRED = ['DATABASE_URL', 'PUBLIC_BASE_URL', 'TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY'];

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    // A clean environment: nothing from the test runner (DATABASE_URL, ...) may leak into the production check.
    const child = spawn(process.execPath, [MAIN], { cwd: mkdtempSync(join(tmpdir(), 'bb-prod-')), env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`main.js did not exit within 30 s; stdout: ${stdout}; stderr: ${stderr}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('production start-up (node dist/src/main.js)', () => {
  beforeAll(() => {
    // `npm test` builds before the e2e suite; a lone run of this spec builds if it has to.
    if (!existsSync(MAIN)) execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT });
  });

  it('refuses to start with SANDBOX=false and nothing set, naming every missing variable in one message', async () => {
    const { code, stdout, stderr } = await run({ SANDBOX: 'false' });
    expect(code).not.toBe(0);
    expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
    for (const name of REQUIRED) expect(stderr).toContain(`${name} is required in production mode`);
    expect(stdout).not.toContain('listening');
  });

  it('names invalid values too, all at once', async () => {
    const { code, stderr } = await run({
      SANDBOX: 'false',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_used_test',
      PUBLIC_BASE_URL: 'https://bridge.example',
      TOKEN_SIGNING_SECRET: 'too-short',
      ENCRYPTION_KEY: 'not-32-bytes',
      ADMIN_API_KEY: 'short',
    });
    expect(code).not.toBe(0);
    expect(stderr).toContain('TOKEN_SIGNING_SECRET must be at least 32 characters');
    expect(stderr).toContain('ENCRYPTION_KEY must be 32 bytes');
    expect(stderr).toContain('ADMIN_API_KEY must be at least 24 characters');
  });

  it('with DATABASE_URL set and SANDBOX unset, refuses the .env.example secrets in one message naming each', async () => {
    const example = Object.fromEntries(
      readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n').filter((line) => /^[A-Z_]+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(example.SANDBOX).toBeUndefined();
    const { code, stdout, stderr } = await run({ ...example, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_used_test' });
    expect(code).not.toBe(0);
    expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
    for (const name of ['TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(stderr).toContain(`${name} is a placeholder`);
    expect(stdout).not.toContain('listening');

    const weak = await run({ ...example, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_used_test', ADMIN_API_KEY: 'a'.repeat(32), TOKEN_SIGNING_SECRET: 'ab'.repeat(20), ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(weak.code).not.toBe(0);
    for (const name of ['TOKEN_SIGNING_SECRET', 'ENCRYPTION_KEY', 'ADMIN_API_KEY']) expect(weak.stderr).toContain(`${name} has too little entropy`);
  });
});
