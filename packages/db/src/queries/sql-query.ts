import type { TableName } from '../generated/database-types.js';
import { DATABASE_COLUMNS } from '../generated/database-types.js';

/** A statement and its parameters, as a query function sends it (and `pnpm verify` EXPLAINs it). */
export interface SqlQuery {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** Every column of `table`, qualified by `alias` when given: the generated Row type's columns. */
export function rowColumns(table: TableName, alias?: string): string {
  const prefix = alias === undefined ? '' : `${alias}.`;
  return Object.keys(DATABASE_COLUMNS[table])
    .map((column) => `${prefix}${column}`)
    .join(', ');
}
