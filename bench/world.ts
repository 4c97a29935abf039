import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** Drops and recreates the bench database, so every run starts from the same empty schema. */
export async function freshDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/bench/.test(name)) throw new Error(`Refusing to benchmark against "${name}": the name must contain "bench"`);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

/** The DFO emulator's test API, as far as the bench needs it. */
export class Dfo {
  constructor(readonly url: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} /_emulator${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? null : await res.json()) as T;
  }

  /** DFO answers every API call with `status` from now on (an outage), until `heal()`. */
  outage(status = 503): Promise<unknown> {
    return this.call('POST', '/faults', { path: '/dfo/3.0/', status, count: 1_000_000 });
  }

  heal(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  /** Forgets customers, threads, cases and messages (keeps brands, integrations, channels). */
  forget(): Promise<unknown> {
    return this.call('POST', '/reset', { scope: 'conversations' });
  }

  /** Every inbound message DFO holds on a channel: its id, when DFO stored it, and how often it was posted. */
  async inbound(dfoChannelId: string): Promise<Array<{ id: string; storedAt: number; receivedCount: number }>> {
    const { data: cases } = await this.call<{ data: Array<{ id: string }> }>('GET', `/cases?channelId=${encodeURIComponent(dfoChannelId)}`);
    const out: Array<{ id: string; storedAt: number; receivedCount: number }> = [];
    for (let i = 0; i < cases.length; i += 16) {
      const details = await Promise.all(cases.slice(i, i + 16).map((c) => this.call<{ messages: Array<{ direction: string; idOnExternalPlatform: string; createdAt: string; receivedCount: number }> }>('GET', `/cases/${c.id}`)));
      for (const d of details) {
        for (const m of d.messages) if (m.direction === 'inbound') out.push({ id: m.idOnExternalPlatform, storedAt: Date.parse(m.createdAt), receivedCount: m.receivedCount });
      }
    }
    return out;
  }
}

export interface BenchChannel {
  brandId: string;
  /** The integration's client id at our token endpoint. */
  clientId: string;
  channelId: string;
  dfoChannelId: string;
  webhookUrl: string;
}

/** A brand, integration and webhook channel through the admin API, wired to the emulator as a CXone admin would. */
export async function provision(appUrl: string, adminKey: string, dfo: Dfo, secret: string): Promise<BenchChannel> {
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${appUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const dfoBrandId = randomInt(100_000, 2_000_000_000);
  const key = { keyId: `bench-${dfoBrandId}`, secret: randomBytes(16).toString('hex') };
  await dfo.call('PUT', `/brands/${dfoBrandId}`, { friendlyName: 'Bench', accessKeys: [key] });
  const brand = await post<{ id: string }>('/brands', {
    name: 'Bench', tenantId: randomUUID(), dfoBrandId, businessUnitId: 1,
    dfo: { apiBaseUrl: `${dfo.url}/dfo/3.0`, authKind: 'access_key', authUrl: `${dfo.url}/auth/token`, ...key },
  });
  const channelIntegrationId = randomUUID();
  const integration = await post<{ id: string; clientId: string; clientSecret: string }>(`/brands/${brand.id}/integrations`, { name: 'Bench', replyApi: '2.0', channelIntegrationId });
  await dfo.call('PUT', `/integrations/${channelIntegrationId}`, {
    integrationBoxUrl: `${appUrl}/integration/box`, authorizationUrl: `${appUrl}/integration/box/1.0/token`,
    clientId: integration.clientId, clientSecret: integration.clientSecret, replyApi: '2.0', brandId: dfoBrandId,
  });
  const channel = await post<{ id: string; dfoChannelId: string }>(`/integrations/${integration.id}/channels`, {
    name: 'Bench webhook', adapter: 'webhook', adapterConfig: { outboundUrl: 'http://127.0.0.1:9/unused', signingSecrets: [secret] },
  });
  return { brandId: brand.id, clientId: integration.clientId, channelId: channel.id, dfoChannelId: channel.dfoChannelId, webhookUrl: `${appUrl}/webhooks/${channel.dfoChannelId}` };
}

/** The bench's read-only view of the app's tables. */
export class Tables {
  constructor(private readonly db: Client) {}

  /** Deliveries of the channel not yet done: what the outbox still owes DFO. */
  async backlog(channelId: string): Promise<number> {
    const { rows } = await this.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE channel_id = $1 AND status IN ('pending', 'in_flight')`, [channelId]);
    return rows[0].n;
  }

  /** Waits until the channel's backlog is empty; the seconds it took. */
  async drain(channelId: string, timeoutMs = 300_000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs && (await this.backlog(channelId)) > 0) await new Promise((r) => setTimeout(r, 100));
    return (Date.now() - started) / 1000;
  }

  /** Open conversations written straight into the tables (with an end user each), as a long-running service has them. */
  async openThreads(ch: BenchChannel, count: number): Promise<void> {
    await this.db.query(
      `WITH users AS (
         INSERT INTO end_users (brand_id, channel_id, id_on_external_platform, first_name)
         SELECT $1, $2, 'open-u-' || g, 'Open' FROM generate_series(0, $3::int - 1) g RETURNING id, id_on_external_platform)
       INSERT INTO threads (brand_id, channel_id, id_on_external_platform, dfo_thread_ref, end_user_id, status, idle_deadline_at, last_customer_activity_at)
       SELECT $1, $2, 'open-t-' || substr(u.id_on_external_platform, 8), 'open-t-' || substr(u.id_on_external_platform, 8), u.id, 'open',
              now() + interval '1 day', now()
       FROM users u`,
      [ch.brandId, ch.channelId, count],
    );
  }
}
