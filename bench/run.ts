/**
 * byoc-bridge benchmark, side by side with a ceiling (`npm run bench`; never part of `npm test`).
 *
 * Processes, all on this machine: byoc-bridge as production runs it (`dist/src/main.js` against Postgres, its outbox
 * forwarding to DFO in the same process), the ceiling (`ceiling.ts`: raw Fastify, the same HMAC check, one INSERT
 * per message), and the DFO emulator in a process of its own (DFO is remote in production). This process generates
 * the load, the same generator and settings for both targets, and alternates rounds between them so that drifts in
 * the machine's load hit both alike. Both targets run with `sql-counter.ts` preloaded, which counts the statements
 * their `pg` driver sends (the method is the same for both: the ceiling shows 1 statement and 1 transaction).
 *
 * Scenarios: closed loop at BENCH_CONNECTIONS (throughput, latency, backlog when the load stops); open loop at
 * BENCH_RATE msg/s (latency of the 202 and from webhook to DFO); an outage (DFO answers 503 for BENCH_OUTAGE_S under
 * BENCH_OUTAGE_RATE msg/s: lost, duplicated, drain); memory at rest, at peak, and with BENCH_OPEN_THREADS open
 * threads in the database. Also the token endpoint's cost for unknown client ids (`token-endpoint.ts`). The numbers
 * are only comparable within one run on one machine.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { closedLoop, ClosedLoopResult, openLoop, OpenLoopResult, percentile, Traffic } from './load';
import { Measured, SqlCounts, startApp, startCeiling, startEmulator } from './processes';
import { addCounts, fmt, median, noCounts, pct, Row, table } from './report';
import { measureTokenEndpoint } from './token-endpoint';
import { BenchChannel, Dfo, freshDatabase, provision, Tables } from './world';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const S = {
  roundS: env('BENCH_SECONDS', 10),
  rounds: env('BENCH_ROUNDS', 3),
  connections: env('BENCH_CONNECTIONS', 32),
  threads: env('BENCH_THREADS', 500),
  rate: env('BENCH_RATE', 1000),
  openS: env('BENCH_OPEN_SECONDS', 15),
  openRounds: env('BENCH_OPEN_ROUNDS', 2),
  outageS: env('BENCH_OUTAGE_S', 60),
  outageRate: env('BENCH_OUTAGE_RATE', 300),
  openThreads: env('BENCH_OPEN_THREADS', 100_000),
};
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/byoc_bridge_bench';
const ADMIN_KEY = `bb_bench_${randomBytes(16).toString('hex')}`;
const SECRET = randomBytes(24).toString('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

interface Ctx {
  app: Measured;
  ceiling: Measured;
  dfo: Dfo;
  tables: Tables;
  ch: BenchChannel;
  ceilingUrl: string;
  round: number;
}

const traffic = (url: string, ctx: Ctx, extra: Partial<Traffic> = {}): Traffic => ({ url, secret: SECRET, prefix: `r${ctx.round++}`, threads: S.threads, ...extra });

async function closedLoopRounds(ctx: Ctx) {
  const app: Array<ClosedLoopResult & { backlog: number; drain: number }> = [];
  const ceiling: ClosedLoopResult[] = [];
  let sql = noCounts();
  for (let r = 0; r < S.rounds; r++) {
    log(`closed loop round ${r + 1}/${S.rounds}: byoc-bridge`);
    await ctx.app.sqlCounts(true);
    const res = await closedLoop(traffic(ctx.ch.webhookUrl, ctx), S.connections, S.roundS);
    const backlog = await ctx.tables.backlog(ctx.ch.channelId);
    const drain = await ctx.tables.drain(ctx.ch.channelId);
    sql = addCounts(sql, await ctx.app.sqlCounts(true));
    app.push({ ...res, backlog, drain });
    log(`closed loop round ${r + 1}/${S.rounds}: ceiling`);
    ceiling.push(await closedLoop(traffic(ctx.ceilingUrl, ctx), S.connections, S.roundS));
  }
  return { app, ceiling, sql, messages: app.reduce((n, r) => n + r.accepted, 0) };
}

async function openLoopRounds(ctx: Ctx) {
  const app: Array<OpenLoopResult & { toDfo: number[] }> = [];
  const ceiling: OpenLoopResult[] = [];
  for (let r = 0; r < S.openRounds; r++) {
    log(`open loop ${S.rate}/s round ${r + 1}/${S.openRounds}: byoc-bridge`);
    await ctx.dfo.forget();
    const res = await openLoop(traffic(ctx.ch.webhookUrl, ctx), S.rate, S.openS);
    await ctx.tables.drain(ctx.ch.channelId);
    const stored = new Map((await ctx.dfo.inbound(ctx.ch.dfoChannelId)).map((m) => [m.id, m.storedAt]));
    const toDfo = [...res.sentAt].flatMap(([id, sent]) => (stored.has(id) ? [stored.get(id)! - sent] : []));
    app.push({ ...res, toDfo });
    log(`open loop ${S.rate}/s round ${r + 1}/${S.openRounds}: ceiling`);
    ceiling.push(await openLoop(traffic(ctx.ceilingUrl, ctx), S.rate, S.openS));
  }
  return { app, ceiling };
}

/** DFO answers 503 for `outageS` while the platform keeps sending; then it is back and the backlog drains. */
async function outage(ctx: Ctx) {
  log(`outage: ${S.outageRate}/s, DFO answers 503 for ${S.outageS} s`);
  await ctx.dfo.forget();
  const lead = 5;
  const load = openLoop(traffic(ctx.ch.webhookUrl, ctx), S.outageRate, lead + S.outageS);
  await sleep(lead * 1000);
  await ctx.dfo.outage(503);
  const down = Date.now();
  await sleep(S.outageS * 1000);
  await ctx.dfo.heal();
  const back = Date.now();
  const res = await load;
  const backlogAtRecovery = await ctx.tables.backlog(ctx.ch.channelId);
  await ctx.tables.drain(ctx.ch.channelId, 600_000);
  const drain = (Date.now() - back) / 1000;
  await sleep(1000);
  const atDfo = await ctx.dfo.inbound(ctx.ch.dfoChannelId);
  const seen = new Set(atDfo.map((m) => m.id));
  const lost = [...res.sentAt.keys()].filter((id) => !seen.has(id)).length;
  const duplicated = atDfo.filter((m) => m.receivedCount > 1).length;
  return { accepted: res.accepted, failed: res.failed, lost, duplicated, drain, backlogAtRecovery, outageS: (back - down) / 1000 };
}

/** A fresh instance with `openThreads` open threads in the database; a closed-loop round over them. */
async function manyThreads(ctx: Ctx, db: Client) {
  log(`memory with ${S.openThreads} open threads`);
  await ctx.app.stop();
  await ctx.tables.openThreads(ctx.ch, S.openThreads);
  await db.query('VACUUM ANALYZE threads');
  ctx.app = await startApp(DATABASE_URL, ADMIN_KEY, { DATABASE_POOL_SIZE: '10' });
  await sleep(3000);
  const rest = ctx.app.rss().now;
  ctx.ch = { ...ctx.ch, webhookUrl: `${ctx.app.url}/webhooks/${ctx.ch.dfoChannelId}` };
  const res = await closedLoop(traffic(ctx.ch.webhookUrl, ctx, { threads: S.openThreads, threadPrefix: 'open-t-', authorPrefix: 'open-u-' }), S.connections, S.roundS);
  await ctx.tables.drain(ctx.ch.channelId);
  return { rest, ...ctx.app.rss(), perSecond: res.perSecond, failed: res.failed };
}

function perMessage(counts: SqlCounts, messages: number): string {
  return `${fmt(counts.statements / messages, 2)} / ${fmt(counts.transactions / messages, 2)}`;
}

async function main(): Promise<void> {
  log(`settings ${JSON.stringify(S)}; database ${new URL(DATABASE_URL).pathname.slice(1)} (recreated)`);
  await freshDatabase(DATABASE_URL);
  const emulator = await startEmulator();
  const dfo = new Dfo(emulator.url);
  const db = new Client({ connectionString: DATABASE_URL });
  const [app, ceiling] = await Promise.all([startApp(DATABASE_URL, ADMIN_KEY, { DATABASE_POOL_SIZE: '10' }), startCeiling(DATABASE_URL, SECRET)]);
  await db.connect();
  const ch = await provision(app.url, ADMIN_KEY, dfo, SECRET);
  const ctx: Ctx = { app, ceiling, dfo, tables: new Tables(db), ch, ceilingUrl: `${ceiling.url}/webhooks/${ch.dfoChannelId}`, round: 0 };
  try {
    await sleep(2000);
    const rest = { app: ctx.app.rss().now, ceiling: ctx.ceiling.rss().now };
    log('warm-up: one message on every thread, then 3 s of load (JIT)');
    await closedLoop(traffic(ch.webhookUrl, ctx), S.connections, 0, S.threads);
    await closedLoop(traffic(ch.webhookUrl, ctx), S.connections, 3);
    await ctx.tables.drain(ch.channelId);
    await closedLoop(traffic(ctx.ceilingUrl, ctx), S.connections, 3);
    await ctx.app.sqlCounts(true);
    await ctx.ceiling.sqlCounts(true);

    const closed = await closedLoopRounds(ctx);
    const ceilingSql = await ctx.ceiling.sqlCounts(true);
    const ceilingMessages = closed.ceiling.reduce((n, r) => n + r.accepted, 0);
    const open = await openLoopRounds(ctx);
    const down = await outage(ctx);
    const peak = { app: ctx.app.rss().peak, ceiling: ctx.ceiling.rss().peak };
    const many = await manyThreads(ctx, db);
    log('token endpoint');
    const tokenRows = await measureTokenEndpoint(ctx.app.url, ctx.app.pid, ch.clientId);

    const tput = { app: median(closed.app.map((r) => r.perSecond)), ceiling: median(closed.ceiling.map((r) => r.perSecond)) };
    const lat = (rs: Array<{ p50: number; p99: number }>) => `${fmt(median(rs.map((r) => r.p50)), 1)} / ${fmt(median(rs.map((r) => r.p99)), 1)}`;
    const backlogS = median(closed.app.map((r) => r.backlog / r.perSecond));
    const openP = (rs: OpenLoopResult[], p: number) => median(rs.map((r) => percentile(r.latencies, p)));
    const toDfo = (p: number) => median(open.app.map((r) => percentile(r.toDfo, p)));
    const offered = S.rate * S.openS;
    const rows: Row[] = [
      [`inbound throughput, ${S.connections} connections (msg/s, median of ${S.rounds})`, fmt(tput.app), fmt(tput.ceiling), pct(tput.app, tput.ceiling), '≥ 40 % of ceiling'],
      [`202 latency p50 / p99 at ${S.connections} connections (ms)`, lat(closed.app), lat(closed.ceiling), '', ''],
      ['outbox backlog when the load stops (s of traffic)', `${fmt(backlogS, 2)} (${fmt(median(closed.app.map((r) => r.backlog)))} msgs)`, '', '', '≤ 2 s'],
      ['drain after the load stops (s)', fmt(median(closed.app.map((r) => r.drain)), 1), '', '', ''],
      [`open loop ${S.rate} msg/s: accepted of ${offered}`, fmt(median(open.app.map((r) => r.accepted))), fmt(median(open.ceiling.map((r) => r.accepted))), '', ''],
      [`open loop ${S.rate} msg/s: 202 p50 / p99 (ms)`, `${fmt(openP(open.app, 50), 1)} / ${fmt(openP(open.app, 99), 1)}`, `${fmt(openP(open.ceiling, 50), 1)} / ${fmt(openP(open.ceiling, 99), 1)}`, '', 'p99 < 50 ms'],
      [`open loop ${S.rate} msg/s: webhook → DFO emulator p50 / p99 (ms)`, `${fmt(toDfo(50), 1)} / ${fmt(toDfo(99), 1)}`, '—', '', ''],
      [`outage ${fmt(down.outageS)} s at ${S.outageRate} msg/s: lost / duplicated (of ${down.accepted})`, `${down.lost} / ${down.duplicated}`, '—', '', '0 / 0'],
      ['outage: drain after DFO is back (s)', `${fmt(down.drain, 1)} (${down.backlogAtRecovery} waiting)`, '—', '', '< 30 s'],
      ['SQL statements / transactions per message, end to end', perMessage(closed.sql, closed.messages), perMessage(ceilingSql, ceilingMessages), '', '≤ 8 statements'],
      ['RSS at rest / peak (MB)', `${fmt(rest.app)} / ${fmt(peak.app)}`, `${fmt(rest.ceiling)} / ${fmt(peak.ceiling)}`, '', ''],
      [`RSS with ${S.openThreads} open threads: at rest / after a round / peak (MB)`, `${fmt(many.rest)} / ${fmt(many.now)} / ${fmt(many.peak)}`, '', '', '< 250 MB'],
    ];
    console.log(`\nbyoc-bridge bench — ${new Date().toISOString()}, ${JSON.stringify(S)}\n`);
    console.log(table(rows));
    console.log(`\nStatements by verb over the closed-loop rounds (${closed.messages} messages): ${JSON.stringify(closed.sql.byVerb)}`);
    console.log(`Closed-loop rounds (msg/s): byoc-bridge ${closed.app.map((r) => fmt(r.perSecond)).join(', ')}; ceiling ${closed.ceiling.map((r) => fmt(r.perSecond)).join(', ')}`);
    for (const [measure, value] of tokenRows) console.log(`${measure}: ${value}`);
    console.log(`Failed requests: closed loop ${closed.app.reduce((n, r) => n + r.failed, 0)} / ${closed.ceiling.reduce((n, r) => n + r.failed, 0)}, outage ${down.failed}, over ${S.openThreads} open threads ${many.failed}; throughput over them ${fmt(many.perSecond)} msg/s`);
  } finally {
    await db.end().catch(() => undefined);
    await Promise.all([ctx.app.stop(), ctx.ceiling.stop(), emulator.stop()]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
