import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Brand, Channel, CreatedIntegration } from './support/admin-api';
import { AppProcess } from './support/app-process';
import { deleteBrands } from './support/brand-cleanup';
import { signedWebhook } from './support/fake-platform';
import { testDatabaseUrl } from './support/database';
import { TEST_ADMIN_KEY } from './support/test-app';

/**
 * A real process at LOG_LEVEL=debug, as production runs it, taken through a conversation with failures on every
 * side (DFO unreachable, a platform that is not there, refused and hostile requests, and a statement Postgres
 * refuses with the message text among its parameters): afterwards its whole output holds none of the message texts,
 * names, tokens or secrets that went through it (issue 15, finding 3).
 */
describe('logs carry no message text, names, tokens or secrets', () => {
  let app: AppProcess;
  let brand: Brand | undefined;
  const marks = {
    dfoSecret: `dfo-secret-${randomBytes(8).toString('hex')}`,
    signingSecret: randomBytes(24).toString('hex'),
    endUserText: `The secret recipe is ${randomBytes(6).toString('hex')}`,
    firstName: `Mufasa${randomBytes(4).toString('hex')}`,
    nickname: `@scar${randomBytes(4).toString('hex')}`,
    agentText: `Agent says ${randomBytes(6).toString('hex')}`,
    hostileText: `poison${randomBytes(4).toString('hex')}\u0000`,
    refusedText: `refused ${randomBytes(6).toString('hex')}`,
  };
  const secrets: string[] = [];
  const trigger = `log_hygiene_${randomBytes(4).toString('hex')}`;
  const db = new Client({ connectionString: testDatabaseUrl() });

  beforeAll(async () => {
    app = await AppProcess.start({ LOG_LEVEL: 'debug', OUTBOX_BACKOFF_BASE_MS: '50', OUTBOX_BACKOFF_MAX_MS: '200', OUTBOX_SWEEP_INTERVAL_MS: '100', DFO_MAX_RETRIES: '0', PLATFORM_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await app.stop();
    await db.query(`DROP TRIGGER IF EXISTS ${trigger} ON messages; DROP FUNCTION IF EXISTS ${trigger}()`);
    await db.end();
    if (brand) await deleteBrands([brand.id]);
  });

  /** The admin API of the process, over HTTP. */
  async function post<T>(path: string, body: object): Promise<T> {
    const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  it('holds none of them after a conversation with failures', async () => {
    const created = await post<Brand>('/api/v1/brands', {
      name: 'The Jungle', tenantId: randomUUID(), dfoBrandId: 4242, businessUnitId: 4242,
      dfo: { apiBaseUrl: 'http://127.0.0.1:9/dfo/3.0', authKind: 'access_key', keyId: 'key-1', secret: marks.dfoSecret },
    });
    brand = created;
    const integration = await post<CreatedIntegration>(`/api/v1/brands/${created.id}/integrations`, { name: 'Jungle', replyApi: '2.0', channelIntegrationId: randomUUID() });
    const channel = await post<Channel>(`/api/v1/integrations/${integration.id}/channels`, {
      name: 'Watering Hole', adapter: 'webhook', dfoChannelId: `chat_${randomUUID()}`, adapterConfig: { outboundUrl: 'http://127.0.0.1:9/byoc', signingSecrets: [marks.signingSecret] },
    });
    const webhook = async (text: string) => {
      const event = { type: 'message', id: randomUUID(), threadId: 't-1', createdAt: new Date().toISOString(), author: { id: 'u-1', firstName: marks.firstName, nickname: marks.nickname }, text };
      const signed = signedWebhook(marks.signingSecret, { events: [event] });
      return fetch(`${app.url}/webhooks/${channel.dfoChannelId}`, { method: 'POST', headers: signed.headers, body: signed.payload });
    };
    expect((await webhook(marks.endUserText)).status).toBe(202);
    expect((await webhook(marks.hostileText)).status).toBe(400);

    // Any data error Postgres may raise on a statement that carries the text: here a trigger on this channel's rows.
    await db.connect();
    await db.query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.channel_id = '${channel.id}' AND NEW.content::text LIKE '%refuse-me%' THEN RAISE EXCEPTION 'value refused' USING ERRCODE = '22023'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    const countMessages = async () => (await db.query('SELECT count(*)::int AS n FROM messages WHERE channel_id = $1', [channel.id])).rows[0].n as number;
    const before = await countMessages();
    const refused = await webhook(`refuse-me ${marks.refusedText}`);
    expect({ status: refused.status, body: await refused.json() }).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID_DATA' } });
    expect(await countMessages()).toBe(before);

    const form = (body: Record<string, string>) =>
      fetch(`${app.url}/integration/box/1.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
    expect((await form({ grant_type: 'client_credentials', client_id: integration.clientId, client_secret: 'wrong-secret-value' })).status).toBe(401);
    const issued = await form({ grant_type: 'client_credentials', client_id: integration.clientId, client_secret: integration.clientSecret });
    const { access_token: token } = (await issued.json()) as { access_token: string };
    const reply = await fetch(`${app.url}/integration/box/2.0/channel/${channel.dfoChannelId}/outbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ thread: { idOnExternalPlatform: 't-1' }, messageContent: { type: 'TEXT', payload: { text: marks.agentText } }, authorUser: { firstName: 'Baloo', surname: 'Bear' } }),
    });
    expect(reply.status).toBe(200);
    // Let the outbox fail a few times against the missing DFO and platform, and log it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    secrets.push(TEST_ADMIN_KEY, integration.clientSecret, token, ...Object.values(marks).map((m) => m.replace('\u0000', '')));

    await app.stop();
    const logs = app.logs;
    // The output has the lines that would carry them: the refused token, and the failing deliveries.
    expect(logs).toContain('Integration Box token refused');
    expect(logs).toMatch(/DFO call failed|Delivery failed/);
    expect(logs).toContain('Database refused a value');
    for (const secret of secrets) expect({ secret, leaked: logs.includes(secret) }).toEqual({ secret, leaked: false });
  });
});
