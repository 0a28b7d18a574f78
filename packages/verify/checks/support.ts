import { createTestDatabase, type TestDatabase } from '@ainp/db/testing';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { withClient } from '@ainp/db/testing';

export { withClient };

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
