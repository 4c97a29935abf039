import { connectTestDatabase, testDatabaseUrl } from './database';

/**
 * The one brand cleanup: deletes a spec's own brands (and, by cascade, their channels, threads, messages, deliveries
 * and events) once its apps have stopped, so that the shared test database does not grow and apps of later specs do
 * not keep retrying deliveries to, or checking cases in, fake servers that are gone. Other specs' rows are never
 * touched. It opens its own connection, so call it after the app is closed.
 */
export async function deleteBrands(brandIds: Iterable<string>, url = testDatabaseUrl()): Promise<void> {
  const ids = [...brandIds];
  if (ids.length === 0) return;
  const db = await connectTestDatabase(url);
  try {
    await db.query('DELETE FROM brands WHERE id = ANY($1::uuid[])', [ids]);
  } finally {
    await db.end();
  }
}
