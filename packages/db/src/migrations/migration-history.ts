import type { MigrationRollbackRow, MigrationRow } from '../generated/database-types.js';
import type { Queryable } from '../connection/queryable.js';

/** A row of postgres-migrations' `migrations` table (the generated MigrationRow). */
export type AppliedMigrationRow = MigrationRow;

/**
 * `migration_rollbacks` records every emergency rollback: which applied migration it removed from
 * `migrations`, and when. The runner uses it to tell a rolled-back file (re-applying it is expected)
 * from a file added out of order (an error). The runner creates it; rollback scripts create it too
 * when they run by hand on a database the runner never touched.
 */
export const ROLLBACK_LOG_DDL = `CREATE TABLE IF NOT EXISTS migration_rollbacks (
  migration_id   integer      NOT NULL,
  name           varchar(100) NOT NULL,
  hash           varchar(40)  NOT NULL,
  rollback_file  text         NOT NULL,
  rolled_back_at timestamptz  NOT NULL DEFAULT now()
)`;

async function tableExists(client: Queryable, table: string): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS found`,
    [table],
  );
  return rows[0]?.found === true;
}

/** The applied migrations in id order; empty when the `migrations` table does not exist yet. */
export async function readAppliedMigrations(client: Queryable): Promise<AppliedMigrationRow[]> {
  if (!(await tableExists(client, 'migrations'))) return [];
  const { rows } = await client.query<AppliedMigrationRow>(
    'SELECT id, name, hash, executed_at FROM migrations ORDER BY id',
  );
  return rows;
}

/** Ids of migrations an emergency rollback removed (and that may be applied again). */
export async function readRolledBackMigrationIds(client: Queryable): Promise<Set<number>> {
  if (!(await tableExists(client, 'migration_rollbacks'))) return new Set();
  const { rows } = await client.query<Pick<MigrationRollbackRow, 'migration_id'>>(
    'SELECT DISTINCT migration_id FROM migration_rollbacks',
  );
  return new Set(rows.map((row) => row.migration_id));
}

export async function ensureRollbackLog(client: Queryable): Promise<void> {
  await client.query(ROLLBACK_LOG_DDL);
}
