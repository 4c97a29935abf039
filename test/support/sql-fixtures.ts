import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/core/domain/channel-settings';

export interface BrandGraph {
  brandId: string;
  integrationId: string;
  channelId: string;
  dfoChannelId: string;
}

/**
 * Inserts a brand, an integration and a channel straight into the tables, for tests of the data path that run
 * below the admin API (the outbox, the repositories). The DFO secret is not sealed: these rows are never used to
 * call DFO.
 */
export async function insertBrandGraph(ds: DataSource, adapter = 'webhook'): Promise<BrandGraph> {
  const suffix = randomUUID().slice(0, 8);
  const [brand] = await ds.query(
    `INSERT INTO brands (name, tenant_id, dfo_brand_id, business_unit_id, dfo_api_base_url, dfo_auth_kind, dfo_auth_url, dfo_key_id, dfo_secret_sealed)
     VALUES ($1, $2, 1, 1, 'http://127.0.0.1:9/dfo/3.0', 'access_key', 'http://127.0.0.1:9/auth/token', 'k', 'not-sealed') RETURNING id`,
    [`fixture-${suffix}`, randomUUID()],
  );
  const [integration] = await ds.query(
    `INSERT INTO integrations (brand_id, name, client_id, client_secret_hash) VALUES ($1, 'fixture', $2, 'x') RETURNING id`,
    [brand.id, `client-${suffix}`],
  );
  const dfoChannelId = `chat_${randomUUID()}`;
  const [channel] = await ds.query(
    `INSERT INTO channels (integration_id, brand_id, dfo_channel_id, id_on_external_platform, name, adapter, settings)
     VALUES ($1, $2, $3, $3, 'fixture', $4, $5) RETURNING id`,
    [integration.id, brand.id, dfoChannelId, adapter, JSON.stringify(DEFAULT_CHANNEL_SETTINGS)],
  );
  return { brandId: brand.id, integrationId: integration.id, channelId: channel.id, dfoChannelId };
}

export async function insertThread(ds: DataSource, graph: BrandGraph, externalId = `t-${randomUUID().slice(0, 8)}`): Promise<string> {
  const [thread] = await ds.query(
    `INSERT INTO threads (channel_id, brand_id, id_on_external_platform, dfo_thread_ref) VALUES ($1, $2, $3, $3) RETURNING id`,
    [graph.channelId, graph.brandId, externalId],
  );
  return thread.id;
}
