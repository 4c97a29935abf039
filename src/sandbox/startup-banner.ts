import type { INestApplication } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { DemoSeeder } from './demo-seed';

/**
 * What `npm start` prints in sandbox mode once the app listens: the few URLs a newcomer needs, readably, instead
 * of burying them in log lines (architecture.md §7). Plain text on stdout, never through the logger.
 */
export function startupBanner(app: INestApplication, config: AppConfig, secretsFile: string | null): string {
  const base = config.app.publicBaseUrl;
  const pages = app.get(DemoSeeder, { strict: false }).pages;
  const database = config.database.url ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.database.dataDir}`;
  const rows: Array<[string, string]> = [
    ['Customer chat', pages?.customerChat ?? '(the demo could not be seeded; see the log below)'],
    ['Agent console', pages?.agentConsole ?? `${base}/sandbox/agent`],
    ['API docs', `${base}/docs`],
    ['Admin API key', secretsFile ? `in ${secretsFile} (adminApiKey), as Authorization: Bearer <key>` : 'ADMIN_API_KEY, as Authorization: Bearer <key>'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    `  byoc-bridge is running in sandbox mode on ${base} (${database}, DFO emulator in-process)`,
    '',
    ...rows.map(([label, value]) => `    ${label.padEnd(width)}  ${value}`),
    '',
    '  Open the customer chat and the agent console side by side, and write from either.',
    `  Logs below: ${config.app.logLevel} and up (LOG_LEVEL=info shows every request). Stop with Ctrl+C.`,
    '',
    '',
  ].join('\n');
}
