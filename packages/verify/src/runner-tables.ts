import type { CatalogSnapshot } from '@ainp/db';

/**
 * Tables the migration runner keeps for itself (postgres-migrations' history and the emergency
 * rollback log), not part of the AINP data model: no invalid-write cases for them, and a schema
 * built by hand, without the runner, does not have them.
 */
export const RUNNER_TABLES: readonly string[] = ['migrations', 'migration_rollbacks'];

/** The snapshot without the runner's own tables: the AINP data model alone. */
export function withoutRunnerTables(snapshot: CatalogSnapshot): CatalogSnapshot {
  const keep = (item: { table: string }) => !RUNNER_TABLES.includes(item.table);
  return {
    tables: snapshot.tables.filter((table) => !RUNNER_TABLES.includes(table)),
    columns: snapshot.columns.filter(keep),
    constraints: snapshot.constraints.filter(keep),
    indexes: snapshot.indexes.filter(keep),
    functions: snapshot.functions,
    triggers: snapshot.triggers.filter(keep),
  };
}
