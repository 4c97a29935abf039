import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startStandaloneEmulator, StandaloneEmulator } from '../emulators/dfo/standalone';
import { AppProcess } from './support/app-process';
import { EmulatorClient } from './support/emulator';
import { FakePlatform, signedWebhook } from './support/fake-platform';
import { wireChannel, WiredChannel } from './support/emulator-wiring';
import { PrivatePostgres } from './support/private-postgres';
import { TEST_ADMIN_KEY } from './support/test-app';
import { sleep, waitFor } from './support/wait';

/**
 * Postgres restarts under two running instances (a private throwaway cluster: the shared one serves other suites).
 * Webhooks keep coming while it is down. Afterwards the first webhook is accepted at once, nothing that was
 * acknowledged is lost or sent twice, and the LISTEN connection is back: a channel change made on one instance
 * reaches the other one's registry cache through NOTIFY (its TTL is far too long to hide a lost notification).
 */
describe('Postgres restarting under the service (private cluster, two instances, DFO emulator)', () => {
  let pg: PrivatePostgres;
  let control: Client;
  let emu: StandaloneEmulator;
  let dfo: EmulatorClient;
  let platform: FakePlatform;
  let world: WiredChannel;
  const apps: AppProcess[] = [];
  const secret = randomBytes(24).toString('hex');

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    const url = await pg.database('byoc_bridge_test_pg_restart');
    control = new Client({ connectionString: url });
    await control.connect();
    control.on('error', () => undefined);
    platform = await FakePlatform.start({ secrets: secret });
    emu = await startStandaloneEmulator();
    dfo = new EmulatorClient(emu.url);
    const env = { DATABASE_URL: url, OUTBOX_SWEEP_INTERVAL_MS: '200', OUTBOX_BACKOFF_BASE_MS: '100', OUTBOX_BACKOFF_MAX_MS: '1000', REGISTRY_CACHE_TTL_MS: '600000' };
    apps.push(await AppProcess.start(env), await AppProcess.start(env));
    world = await wireChannel(apps[0]!, dfo, apps[0]!.url, { channel: { adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] } } });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await control?.end().catch(() => undefined);
    await platform?.close();
    await emu?.close();
    await pg?.stop();
  });

  async function send(app: AppProcess, id: string, options: { secret?: string } = {}): Promise<number> {
    const body = { events: [{ type: 'message', id, threadId: `t-${id.split('-')[1]}`, createdAt: new Date().toISOString(), author: { id: 'simba' }, text: id }] };
    const { headers, payload } = signedWebhook(options.secret ?? secret, body);
    return fetch(`${app.url}/webhooks/${world.dfoChannelId}`, { method: 'POST', headers, body: payload }).then((r) => r.status, () => 0);
  }

  const listeners = async () => {
    const { rows } = await control.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'byoc-bridge-events'`);
    return rows[0].n as number;
  };

  it('accepts the first webhook after the restart, loses and duplicates nothing acknowledged, and LISTEN comes back', async () => {
    const acknowledged: string[] = [];
    let n = 0;
    // Both instances have the channel in their registry cache.
    for (const app of apps) {
      const id = `before-${n++ % 4}-${n}`;
      expect(await send(app, id)).toBe(202);
      acknowledged.push(id);
    }

    // A steady stream while the database restarts: some requests fail (nothing stored), the 202s must all arrive.
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        const id = `during-${n % 4}-${n++}`;
        if ((await send(apps[n % 2]!, id)) === 202) acknowledged.push(id);
        await sleep(20);
      }
    })();
    await sleep(300);
    await control.end();
    await pg.restart();
    control = new Client({ connectionString: pg.url('byoc_bridge_test_pg_restart') });
    await control.connect();
    streaming = false;
    await stream;

    const firstAfter = `after-${n % 4}-${n++}`;
    const started = Date.now();
    expect(await send(apps[0]!, firstAfter)).toBe(202);
    acknowledged.push(firstAfter);
    expect(Date.now() - started).toBeLessThan(5000);

    await waitFor(async () => (await listeners()) === 2, 'both instances listening again', 30_000, 200).catch(async (e) => {
      console.log(JSON.stringify((await control.query(`SELECT application_name, state, query FROM pg_stat_activity WHERE datname IS NOT NULL`)).rows, null, 1), apps.map((a) => a.logs).join('\n').slice(-3000));
      throw e;
    });
    // A secret rotated on one instance: the other one learns of it through NOTIFY, or it would refuse the new one.
    const rotated = randomBytes(24).toString('hex');
    const patched = await fetch(`${apps[0]!.url}/api/v1/channels/${world.channelId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ adapterConfig: { outboundUrl: platform.url, signingSecrets: [rotated] } }),
    });
    expect(patched.status).toBe(200);
    const viaOther = `rotated-${n % 4}-${n++}`;
    await waitFor(async () => (await send(apps[1]!, viaOther, { secret: rotated })) === 202, 'the other instance to accept the new secret', 5000, 100);
    acknowledged.push(viaOther);

    const inbound = async () => {
      const cases = await dfo.cases({ channelId: world.dfoChannelId });
      return (await Promise.all(cases.map((c) => dfo.caseDetail(c.id)))).flatMap((d) => d.messages.filter((m) => m.direction === 'inbound'));
    };
    await waitFor(async () => (await inbound()).length >= acknowledged.length, 'every acknowledged message at DFO', 60_000, 200);
    await sleep(500);
    const received = await inbound();
    expect(received.map((m) => m.idOnExternalPlatform).sort()).toEqual([...acknowledged].sort());
    expect(received.filter((m) => m.receivedCount !== 1).map((m) => m.idOnExternalPlatform)).toEqual([]);
  }, 180_000);
});
