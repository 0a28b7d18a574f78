import type { Queryable } from '../connection/queryable.js';

/**
 * What the schema is, read from the live catalog in a form that compares equal across databases
 * and across PostgreSQL 14–18: names and server-printed definitions, sorted, with no OIDs, no
 * attribute numbers and no NOT NULL constraint rows (PostgreSQL 18 records those in pg_constraint;
 * nullability is on the column instead).
 */
export interface CatalogSnapshot {
  readonly tables: readonly string[];
  readonly columns: readonly {
    table: string;
    column: string;
    type: string;
    notNull: boolean;
    default: string | null;
  }[];
  readonly constraints: readonly {
    table: string;
    name: string;
    type: string;
    definition: string;
  }[];
  readonly indexes: readonly { table: string; name: string; definition: string }[];
  readonly functions: readonly {
    name: string;
    arguments: string;
    returns: string;
    definition: string;
  }[];
  readonly triggers: readonly { table: string; name: string; definition: string }[];
}

const CONSTRAINT_TYPES: Record<string, string> = {
  c: 'CHECK',
  f: 'FOREIGN KEY',
  p: 'PRIMARY KEY',
  u: 'UNIQUE',
  x: 'EXCLUDE',
  t: 'TRIGGER',
};

/** Reads the snapshot of one schema (default `public`). */
export async function readCatalogSnapshot(
  client: Queryable,
  schema = 'public',
): Promise<CatalogSnapshot> {
  const tables = await client.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1`,
    [schema],
  );
  const columns = await client.query<CatalogSnapshot['columns'][number]>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const constraints = await client.query<{
    table: string;
    name: string;
    contype: string;
    definition: string;
  }>(
    `SELECT c.relname AS table, con.conname AS name, con.contype::text AS contype,
            pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND con.contype <> 'n'
      ORDER BY 1, 2`,
    [schema],
  );
  const indexes = await client.query<CatalogSnapshot['indexes'][number]>(
    `SELECT tablename AS table, indexname AS name, indexdef AS definition
       FROM pg_indexes WHERE schemaname = $1 ORDER BY 1, 2`,
    [schema],
  );
  const functions = await client.query<CatalogSnapshot['functions'][number]>(
    `SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS arguments,
            pg_get_function_result(p.oid) AS returns, pg_get_functiondef(p.oid) AS definition
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.prokind IN ('f', 'p')
      ORDER BY 1, 2`,
    [schema],
  );
  const triggers = await client.query<CatalogSnapshot['triggers'][number]>(
    `SELECT c.relname AS table, t.tgname AS name, pg_get_triggerdef(t.oid) AS definition
       FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT t.tgisinternal
      ORDER BY 1, 2`,
    [schema],
  );
  return {
    tables: tables.rows.map((row) => row.table),
    columns: columns.rows,
    constraints: constraints.rows.map(({ contype, ...rest }) => ({
      ...rest,
      type: CONSTRAINT_TYPES[contype] ?? contype,
    })),
    indexes: indexes.rows,
    functions: functions.rows,
    triggers: triggers.rows,
  };
}

/**
 * One line per fact, sorted, for committing as a snapshot and for line diffs that a reviewer can
 * read: `column negotiations.state text NOT NULL DEFAULT 'initiated'::text`.
 */
export function formatCatalogSnapshot(snapshot: CatalogSnapshot): string {
  const lines = [
    ...snapshot.tables.map((table) => `table ${table}`),
    ...snapshot.columns.map(
      (c) =>
        `column ${c.table}.${c.column} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default !== null ? ` DEFAULT ${c.default}` : ''}`,
    ),
    ...snapshot.constraints.map((c) => `constraint ${c.table}.${c.name} ${c.type} ${c.definition}`),
    ...snapshot.indexes.map((i) => `index ${i.table}.${i.name} ${i.definition}`),
    ...snapshot.functions.map(
      (f) =>
        `function ${f.name}(${f.arguments}) RETURNS ${f.returns} ${f.definition.replace(/\s+/g, ' ').trim()}`,
    ),
    ...snapshot.triggers.map((t) => `trigger ${t.table}.${t.name} ${t.definition}`),
  ];
  return `${lines.join('\n')}\n`;
}
