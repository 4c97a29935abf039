import { randomUUID } from 'node:crypto';
import { EmulatorWorld, JungleChannel, simbaSays } from './support/emulator-world';
import { waitFor } from './support/wait';

const CAMPAIGN = 10_000;
/** "A few seconds" (docs/architecture.md §9.9): how long a live message may wait behind another channel's backlog. */
const LIVE_WITHIN_MS = 3000;

/**
 * One channel has a backlog of 10,000 deliveries (a campaign) going out slowly, because DFO is slow; another
 * channel's live conversation writes meanwhile. The outbox claims fairly across channels, so the live message reaches
 * DFO within seconds instead of after the whole campaign.
 */
describe('fairness: one channel’s backlog does not hold back another channel’s live conversation', () => {
  let w: EmulatorWorld;
  let campaign: JungleChannel;
  let live: JungleChannel;

  beforeAll(async () => {
    w = await EmulatorWorld.start({ OUTBOX_SWEEP_INTERVAL_MS: '200' });
    campaign = await w.channel();
    live = await w.channel();
  });
  afterAll(() => w.close());

  it('forwards the live message within a few seconds while the 10,000-message backlog is still draining', async () => {
    // DFO answers the campaign's channel slowly: 32 in flight at 100 ms each is about 300 a second.
    await w.dfo.injectFault({ method: 'POST', path: `/dfo/3.0/channels/${campaign.dfoChannelId}/messages`, latencyMs: 100, count: CAMPAIGN * 2 });
    await w.query(
      `WITH author AS (
         INSERT INTO end_users (brand_id, channel_id, id_on_external_platform) VALUES ($1, $2, 'campaign-audience') RETURNING id),
       threads AS (
         INSERT INTO threads (brand_id, channel_id, id_on_external_platform, dfo_thread_ref, end_user_id)
         SELECT $1, $2, 'campaign-' || g, 'campaign-' || g, author.id FROM generate_series(1, $3::int) g, author RETURNING id, end_user_id),
       messages AS (
         INSERT INTO messages (brand_id, thread_id, channel_id, direction, id_on_external_platform, content, author_kind, author_end_user_id, status)
         SELECT $1, threads.id, $2, 'inbound', 'campaign-m-' || threads.id, '{"type":"TEXT","payload":{"text":"offer"}}', 'end_user', threads.end_user_id, 'accepted'
         FROM threads RETURNING id, thread_id)
       INSERT INTO deliveries (brand_id, channel_id, thread_id, message_id, kind, payload)
       SELECT $1, $2, messages.thread_id, messages.id, 'dfo.create_message', jsonb_build_object('messageId', messages.id) FROM messages ORDER BY messages.id`,
      [campaign.brandId, campaign.channelId, CAMPAIGN],
    );
    const unfinished = async () =>
      (await w.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE channel_id = $1 AND status IN ('pending', 'in_flight')`, [campaign.channelId]))[0]!.n;
    await waitFor(async () => (await unfinished()) < CAMPAIGN, 'the campaign to start going out');

    const thread = `live-${randomUUID()}`;
    const sentAt = Date.now();
    expect((await w.webhook(live, simbaSays('live-1', thread, 'Is my order on its way?'))).status).toBe(202);
    await waitFor(() => w.dfo.findCaseByThread(thread, live.dfoChannelId), 'the live message at DFO', 30_000, 20);
    const waited = Date.now() - sentAt;
    const behind = await unfinished();

    expect(waited).toBeLessThan(LIVE_WITHIN_MS);
    // The campaign was far from done: in one line ordered by age, the live message would have waited for all of it.
    expect(behind).toBeGreaterThan(CAMPAIGN / 2);
  }, 120_000);
});
