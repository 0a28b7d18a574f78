import type { Queryable } from '@ainp/db';
import { CATALOG_TYPE_NAMES, type ColumnType } from './copy-binary.js';
import { SEED_TABLE_NAMES, SEED_TABLES } from './seed-tables.js';

/**
 * Binary COPY sends each value in its column type's own binary form, so a column whose type a
 * later migration changed must be caught before the load, not discovered as a garbled value.
 * Checks every seeded column against the catalog; throws naming each one that differs.
 */
export async function checkSeedColumns(q: Queryable): Promise<void> {
  const { rows } = await q.query<{ table: string; column: string; type: string }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
      WHERE a.attrelid = ANY ($1::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped`,
    [[...SEED_TABLE_NAMES]],
  );
  const found = new Map(rows.map((row) => [`${row.table}.${row.column}`, row.type]));
  const problems: string[] = [];
  for (const table of SEED_TABLE_NAMES) {
    const types = SEED_TABLES[table].types as Readonly<Record<string, ColumnType>>;
    for (const [column, type] of Object.entries(types)) {
      const actual = found.get(`${table}.${column}`);
      if (actual === undefined) problems.push(`${table}.${column} does not exist`);
      else if (!CATALOG_TYPE_NAMES[type].test(actual)) {
        problems.push(`${table}.${column} is ${actual}, not ${type}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `the schema no longer matches the columns the seeder writes: ${problems.join('; ')}. The seeder writes the columns of the committed schema description: if a migration changed them, run "pnpm db:types" and update the generators in packages/seed/src.`,
    );
  }
}
