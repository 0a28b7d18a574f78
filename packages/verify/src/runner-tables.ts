import { RUNNER_TABLES, type CatalogSnapshot } from '@ainp/db';

export { RUNNER_TABLES };

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
