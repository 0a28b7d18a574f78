import { createTestDatabase, type TestDatabase } from '@ainp/db/testing';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

/**
 * A database of this check file's own: migrated (a clone of the run's template) or empty. Call it
 * in a `describe` body: it is dropped by an `afterAll` hook when the file's checks are done.
 */
export async function freshDatabase(
  kind: 'migrated' | 'empty',
): Promise<TestDatabase & { pool: pg.Pool }> {
  const database = await createTestDatabase(inject('adminUrl'), {
    prefix: 'ainp_verify',
    template: kind === 'migrated' ? inject('templateDatabase') : undefined,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  // pool.end() closes idle connections without waiting for them to go, so the forced DROP that
  // follows can cut one off mid-goodbye; that must not surface as an unhandled 'error' event.
  pool.on('error', () => {});
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });
  return { ...database, pool };
}

/** Runs `work` on a dedicated connection (a pg.Client, as the migration runner requires). */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
