import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CLAIM_CASE_CHECKS_SQL } from '../src/threads/lifecycle/case-sync.repository';
import { CLAIM_CLOSE_DUE_SQL, CLAIM_IDLE_DUE_SQL } from '../src/threads/lifecycle/lifecycle.repository';
import { createBrand, createChannel, createIntegration } from './support/admin-api';
import { deleteBrands } from './support/brand-cleanup';
import { startTestApp, TestApp } from './support/test-app';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The sweeps' cost follows the due rows, not the open threads. With 20,000 open threads whose deadlines are in the
 * future (and fresh statistics), the claim queries are planned and run as they are in production, and the plan must
 * read `threads` through the partial index and touch only due rows. This asserts the planner's real choice; it does
 * not force it with `enable_seqscan = off`, which would only show that the index could be used.
 */
describe('lifecycle sweep plans', () => {
  let t: TestApp;
  let ds: DataSource;
  let brandId: string;

  beforeAll(async () => {
    // Slow ticks: nothing else should claim rows while the plans are measured.
    t = await startTestApp({ LIFECYCLE_TICK_MS: '60000', CASE_SYNC_INTERVAL_MS: '600000' });
    ds = t.app.get(DataSource);
    const brand = await createBrand(t);
    brandId = brand.id;
    const integration = await createIntegration(t, brand.id);
    const channel = await createChannel(t, integration.id, { dfoChannelId: `chat_${randomUUID()}` });
    await ds.query(
      `INSERT INTO threads (channel_id, brand_id, id_on_external_platform, dfo_thread_ref, status, idle_deadline_at, close_deadline_at, dfo_contact_id)
       SELECT $1, $2, 'plan-' || g, 'plan-' || g, CASE WHEN g % 4 = 0 THEN 'idle_warning' ELSE 'open' END,
              now() + interval '1 hour' + g * interval '1 second', now() + interval '2 hours', g::text
       FROM generate_series(1, 20000) g`,
      [channel.id, brand.id],
    );
    await ds.query('ANALYZE threads');
  });

  afterAll(async () => {
    await t.close();
    await deleteBrands([brandId]);
  });

  async function explain(sql: string, params: unknown[]): Promise<PlanNode[]> {
    // EXPLAIN ANALYZE runs the claim (and takes its locks); the transaction is rolled back.
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const [row] = await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      return nodes(row['QUERY PLAN'][0].Plan as PlanNode);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it.each([
    ['idle', CLAIM_IDLE_DUE_SQL, 'threads_idle_due_idx'],
    ['close', CLAIM_CLOSE_DUE_SQL, 'threads_close_due_idx'],
  ])('the %s claim reads threads through its partial index, and only due rows', async (_, sql, index) => {
    const plan = await explain(sql, [new Date(), 200, []]);
    const onThreads = plan.filter((n) => n['Relation Name'] === 'threads');
    expect(onThreads.map((n) => [n['Node Type'], n['Index Name']])).toEqual([[expect.stringMatching(/^Index Scan/), index]]);
    // None of the 20,000 threads of this brand is due; whatever else the shared database holds is far fewer.
    expect(onThreads[0]!['Actual Rows']).toBeLessThan(1000);
  });

  it('the per-brand case-check claim reads its brand through threads_brand_case_check_idx', async () => {
    const now = new Date();
    const plan = await explain(CLAIM_CASE_CHECKS_SQL, [brandId, 10, now, now]);
    // The scan that picks the rows (the UPDATE then fetches those 10 by primary key).
    const picking = plan.filter((n) => n['Relation Name'] === 'threads' && n['Node Type'].includes('Scan') && n['Index Name'] !== 'threads_pkey');
    expect(picking.map((n) => n['Index Name'])).toEqual(['threads_brand_case_check_idx']);
    expect(picking[0]!['Actual Rows']).toBe(10);
  });
});
