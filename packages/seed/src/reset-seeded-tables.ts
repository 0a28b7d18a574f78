import type { Queryable } from '@ainp/db';
import { SEED_TABLE_NAMES, type SeedTableName } from './seed-tables.js';

/**
 * Empties the seeded tables. CASCADE also empties any table whose rows point into them (their
 * rows could not survive anyway); the migrations tables point at nothing and are never touched.
 * Run inside the load's transaction, so a failed load leaves the old rows in place.
 */
export async function resetSeededTables(q: Queryable): Promise<void> {
  await q.query(`TRUNCATE ${SEED_TABLE_NAMES.join(', ')} CASCADE`);
}

/** The seeded tables that hold at least one row. */
export async function nonEmptySeededTables(q: Queryable): Promise<SeedTableName[]> {
  const { rows } = await q.query<{ name: SeedTableName }>(
    SEED_TABLE_NAMES.map(
      (name) => `SELECT '${name}' AS name WHERE EXISTS (SELECT 1 FROM ${name})`,
    ).join(' UNION ALL '),
  );
  return rows.map((row) => row.name);
}
