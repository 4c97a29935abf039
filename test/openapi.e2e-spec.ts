import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from './support/test-app';

const REDOCLY = join(__dirname, '..', 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/** `redocly lint` with its recommended rules over a document, as JSON problems. */
async function redoclyLint(document: string): Promise<LintProblem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, document);
    // Exit code 1 means "problems found": the JSON report on stdout says which.
    const run = promisify(execFile)(process.execPath, [REDOCLY, 'lint', file, '--format=json', '--extends=recommended'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const { stdout } = await run.catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    return (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { problems: LintProblem[] }).problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the OpenAPI document (issue 15, finding 9)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('passes `redocly lint` (recommended rules) with no errors', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    const problems = await redoclyLint(res.body);
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    const warnings = problems.filter((p) => p.severity === 'warn').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}`);
    if (warnings.length > 0) process.stdout.write(`redocly lint: ${warnings.length} warnings\n  ${warnings.join('\n  ')}\n`);
    expect(errors).toEqual([]);
  });

  it('declares security, a summary and every path parameter on every operation, and where it is served', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json() as {
      servers: Array<{ url: string }>;
      paths: Record<string, Record<string, { security?: unknown[]; summary?: string; parameters?: Array<{ name: string; in: string }> }>>;
    };
    expect(doc.servers).toEqual([{ url: 'http://bridge.test' }]);
    for (const [path, operations] of Object.entries(doc.paths)) {
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, security: Array.isArray(op.security) && op.security.length > 0, summary: Boolean(op.summary) }).toEqual({ where, security: true, summary: true });
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect({ where, declared: declared.sort() }).toEqual({ where, declared: [...pathParams].sort() });
      }
    }
  });
});
