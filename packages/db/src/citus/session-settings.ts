import type { Queryable } from '../connection/queryable.js';

/** True when the connected database has the citus extension (it is a Citus coordinator). */
export async function isCitusDatabase(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ citus: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus`,
  );
  return rows[0]?.citus === true;
}

/**
 * What a transaction that changes the schema of distributed tables, or changes schema and rows
 * together, needs on Citus: `SET LOCAL` statements to run right after BEGIN; none on plain
 * PostgreSQL. The migration runner runs them at the start of each migration's transaction; the
 * seeder's load transaction does too.
 *   - multi_shard_modify_mode 'sequential': DDL and writes on distributed tables in one transaction
 *     otherwise fail with "cannot modify table ... because there was a parallel operation".
 *   - enable_unsafe_triggers: CREATE TRIGGER on a distributed table is refused without it; the
 *     schema's triggers touch only their own row.
 */
export async function citusSessionSettings(q: Queryable): Promise<string[]> {
  if (!(await isCitusDatabase(q))) return [];
  return [
    `SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`,
    `SET LOCAL citus.enable_unsafe_triggers TO on`,
  ];
}
