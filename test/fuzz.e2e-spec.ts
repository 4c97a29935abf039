import { FuzzWorld } from './support/fuzz/fuzz-world';
import { casesFor, percentEncode, prng } from './support/fuzz/hostile-values';
import { OpenApiDocument, Route, routesOf, sampleOf } from './support/fuzz/openapi-routes';
import { changedCounts, rowCounts, RowCounts } from './support/row-counts';
import { sleep } from './support/wait';

/**
 * Fixed unless FUZZ_SEED is given, so a failure can be replayed; printed with the results. FUZZ_ONLY (a regular
 * expression over "METHOD /path") fuzzes only the matching routes; FUZZ_PROGRESS=1 prints each route as it ends.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 15);
const TIMEOUT_MS = 5000;
/** Seeded random cases per route, on top of the systematic ones. */
const RANDOM_CASES = 40;
/** At most this many cases per route (a seeded sample of them), to keep the run near a minute. */
const MAX_CASES = 220;

/**
 * The fuzz suite (issue 15): every route of the service's own OpenAPI document gets hundreds of hostile inputs (NUL,
 * lone surrogates, huge and deep bodies, wrong types, unknown fields, long ids, odd path parameters) with valid
 * credentials. No answer may be a 5xx or take longer than the timeout; a refused (4xx) request must not change the
 * row count of any table; and after each route an ordinary request on the same (small) pool must still work.
 */
describe('fuzz: every documented route against hostile input (issue 15)', () => {
  let fuzz: FuzzWorld;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    fuzz = await FuzzWorld.start();
    doc = (await fuzz.world.t.app.inject({ method: 'GET', url: '/docs-json' })).json() as OpenApiDocument;
  });
  afterAll(() => fuzz.close());

  it('answers no 5xx, never hangs, stores nothing it refused, and leaves the pool usable', async () => {
    const random = prng(SEED);
    const only = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;
    const routes = routesOf(doc).filter((r) => !only || only.test(`${r.method} ${r.path}`));
    const failures: string[] = [];
    const perRoute: string[] = [];
    let total = 0;
    const started = Date.now();
    let counts: RowCounts = await rowCounts(fuzz.world.db);

    for (const route of routes) {
      const baselineQuery = queryBaseline(route, doc);
      const allCases = casesFor({
        pathParams: route.pathParams,
        queryNames: route.query.map((q) => q.name),
        body: route.method === 'GET' ? undefined : route.body,
        bodyType: route.bodyTypes[0],
        random,
        randomCount: RANDOM_CASES,
      }).filter((c) => route.method !== 'GET' || c.body === undefined);
      const cases = sample(allCases, MAX_CASES, random);
      const statuses = new Map<number, number>();
      let settleMs = 0;
      for (const fuzzCase of cases) {
        const answer = await fuzz.send(route, fuzzCase, baselineQuery, TIMEOUT_MS);
        if (!answer) continue;
        total++;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const where = `${route.method} ${route.path} [${fuzzCase.label}]`;
        if (answer.timedOut) failures.push(`${where}: no answer within ${TIMEOUT_MS} ms`);
        else if (answer.status === 0 || answer.status >= 500) failures.push(`${where}: ${answer.status} ${answer.body}`);
        if (answer.status >= 400 && answer.status < 500) {
          const after = await rowCounts(fuzz.world.db);
          const changed = changedCounts(counts, after);
          if (changed.length > 0) failures.push(`${where}: refused with ${answer.status} but rows changed: ${changed.join(', ')}`);
          counts = after;
        } else {
          const t0 = Date.now();
          counts = await settledCounts(fuzz);
          settleMs += Date.now() - t0;
        }
      }
      if (!(await fuzz.ordinaryRequestWorks())) failures.push(`${route.method} ${route.path}: an ordinary request failed afterwards`);
      perRoute.push(`${route.method} ${route.path}: ${cases.length} cases, ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')} settle ${settleMs} ms`);
      if (process.env.FUZZ_PROGRESS) process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s ${perRoute.at(-1)}\n`);
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`fuzz (seed ${SEED}): ${total} requests over ${routes.length} routes in ${seconds} s, ${failures.length} failures\n  ${perRoute.join('\n  ')}\n`);
    if (!only) expect(routes.length).toBeGreaterThan(20);
    expect(failures.slice(0, 40)).toEqual([]);
  }, 600_000);
});

/** Required query parameters with plausible values (optional ones are fuzzed one at a time). */
function queryBaseline(route: Route, doc: OpenApiDocument): Record<string, string> {
  const out: Record<string, string> = {};
  for (const param of route.query) if (param.required) out[param.name] = percentEncode(String(sampleOf(param.schema, doc, 0)));
  return out;
}

/**
 * Row counts once an accepted request's after-effects have landed: no delivery is being sent or waiting to be sent
 * at once (the outbox sends a web chat message to DFO right after the commit, and records its status), and the
 * counts held still. Deliveries enqueued with a delay (a status DFO hears a second later) wait for the outbox sweep,
 * which the fuzz world slows to a minute; they change no row counts when they run.
 */
async function settledCounts(fuzz: FuzzWorld): Promise<RowCounts> {
  let last = await rowCounts(fuzz.world.db);
  for (let i = 0; i < 200; i++) {
    const [{ busy }] = await fuzz.world.query<{ busy: number }>(
      `SELECT count(*)::int AS busy FROM deliveries
        WHERE status = 'in_flight' OR (status = 'pending' AND attempts = 0 AND next_attempt_at <= now() AND next_attempt_at <= created_at + interval '50 ms')`,
    );
    const next = await rowCounts(fuzz.world.db);
    if (busy === 0 && changedCounts(last, next).length === 0) return next;
    last = next;
    await sleep(10);
  }
  return last;
}

/** A seeded sample of `max` items, in their original order. */
function sample<T>(items: T[], max: number, random: () => number): T[] {
  if (items.length <= max) return items;
  const keep = new Set<number>();
  while (keep.size < max) keep.add(Math.floor(random() * items.length));
  return items.filter((_, i) => keep.has(i));
}
