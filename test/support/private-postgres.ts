import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * A throwaway Postgres cluster of the test's own (initdb in a temp directory, on a free port, sockets in that
 * directory), for specs that restart or stop the database under the app: the machine's shared cluster serves other
 * suites and must never be restarted. Needs the server binaries (`/usr/lib/postgresql/<version>/bin`); as root it
 * runs them as the `postgres` user, since initdb refuses root.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    if (versions.length === 0) throw new Error('No Postgres server binaries in /usr/lib/postgresql');
    const dir = mkdtempSync(join(tmpdir(), 'byoc-pg-'));
    const pg = new PrivatePostgres(join('/usr/lib/postgresql', versions[0]!, 'bin'), dir, await freePort());
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await pg.exec('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    await pg.ctl('start');
    return pg;
  }

  /** A URL for `database` (created when missing). */
  async database(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url('postgres') });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** `pg_ctl restart` (fast: clients are disconnected, as in a failover or an upgrade). */
  async restart(): Promise<void> {
    await this.ctl('restart', ['-m', 'fast']);
  }

  async stop(): Promise<void> {
    await this.ctl('stop', ['-m', 'immediate']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private ctl(action: string, extra: string[] = []): Promise<unknown> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off`;
    return this.exec('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '60', action, ...extra]);
  }

  private exec(program: string, args: string[]): Promise<unknown> {
    const path = join(this.bin, program);
    return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', path, ...args], { cwd: this.dir }) : run(path, args, { cwd: this.dir });
  }
}

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
