import {
  SCHEMA_DESCRIPTION,
  TABLES_IN_FOREIGN_KEY_ORDER,
  type DescribedTableName,
} from '../generated/schema-description.js';
import { RUNNER_TABLES, type RunnerTableName } from '../migrations/runner-tables.js';
import type { TableDescription } from './schema-description-types.js';

/** A table of the AINP data model: every described table but the migration runner's own. */
export type DataTableName = Exclude<DescribedTableName, RunnerTableName>;

/** The tables of the data model, in foreign-key order: parents before the tables that reference them. */
export const DATA_TABLES_IN_FOREIGN_KEY_ORDER: readonly DataTableName[] =
  TABLES_IN_FOREIGN_KEY_ORDER.filter(
    (name): name is DataTableName => !RUNNER_TABLES.includes(name),
  );

const BY_NAME = new Map<string, TableDescription>(
  SCHEMA_DESCRIPTION.tables.map((table) => [table.name, table]),
);

/** One table's description; throws for a table the schema does not have. */
export function describedTable(name: string): TableDescription {
  const table = BY_NAME.get(name);
  if (table === undefined) {
    throw new Error(
      `The schema has no table "${name}" (packages/db/src/generated/schema-description.ts lists ${TABLES_IN_FOREIGN_KEY_ORDER.join(', ')}). If a migration added it, run \`pnpm db:types\`.`,
    );
  }
  return table;
}

/** A table's NOT NULL columns, in table order. */
export function notNullColumns(name: string): string[] {
  return describedTable(name)
    .columns.filter((column) => column.notNull)
    .map((column) => column.name);
}

/** Sorts `items` by their table's place in foreign-key order (stable within one table). */
export function inForeignKeyOrder<T>(items: readonly T[], tableOf: (item: T) => string): T[] {
  const rank = (item: T) => {
    const table = tableOf(item);
    const index = (TABLES_IN_FOREIGN_KEY_ORDER as readonly string[]).indexOf(table);
    if (index === -1) describedTable(table); // throws, naming the tables there are
    return index;
  };
  return [...items].sort((a, b) => rank(a) - rank(b));
}
