import type { Queryable } from '../connection/queryable.js';

/**
 * The advisory lock postgres-migrations takes around a run. Rollbacks and our own pre-checks take
 * the same one, so a migrate, a rollback and a second migrate never overlap. Session-level advisory
 * locks are re-entrant, so the library can take it again on the same connection.
 */
export const MIGRATION_LOCK_KEY = '-8525285245963000605';
const POLL_MS = 250;

export async function withMigrationLock<T>(
  client: Queryable,
  run: () => Promise<T>,
  onWait: () => void = () => {},
): Promise<T> {
  let waited = false;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(${MIGRATION_LOCK_KEY}) AS locked`,
    );
    if (rows[0]?.locked) break;
    if (!waited) onWait();
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await run();
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => {});
  }
}
