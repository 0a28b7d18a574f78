import type { Queryable } from '@ainp/db';

/** The user tables' storage file (relfilenode) and exact row count at one moment. */
export type TableFacts = ReadonlyMap<
  string,
  { readonly relfilenode: number; readonly rows: number }
>;

/**
 * Reads the relfilenode and row count of every table the migrations can name unqualified (the
 * search path's schemas: not the seeder's own `ainp_seed` bookkeeping).
 */
export async function readTableFacts(db: Queryable): Promise<TableFacts> {
  const { rows: tables } = await db.query<{ name: string; relfilenode: number }>(
    `SELECT c.relname AS name, c.relfilenode
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm') AND n.nspname = ANY (current_schemas(false))
      ORDER BY c.relname`,
  );
  const facts = new Map<string, { relfilenode: number; rows: number }>();
  for (const table of tables) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${quoteIdentifier(table.name)}`,
    );
    facts.set(table.name, { relfilenode: Number(table.relfilenode), rows: Number(rows[0]!.n) });
  }
  return facts;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
