import { Client } from 'pg';
import { testDatabaseUrl } from './database';

/**
 * Deletes a spec's own brands (and, by cascade, their channels, threads, messages and deliveries) once its app has
 * stopped, so that apps of later specs sharing the database do not keep retrying deliveries to, or checking cases
 * in, fake servers that are gone. Other specs' rows are never touched.
 */
export async function deleteBrands(brandIds: string[], url = testDatabaseUrl()): Promise<void> {
  if (brandIds.length === 0) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DELETE FROM brands WHERE id = ANY($1::uuid[])', [brandIds]);
  } finally {
    await client.end();
  }
}
