import type { Queryable } from '../connection/queryable.js';
import type { ForeignKeyDescription } from '../schema-description/schema-description-types.js';

export interface TableKeys {
  readonly primaryKey: readonly string[] | null;
  /** Sorted by constraint name. */
  readonly foreignKeys: readonly ForeignKeyDescription[];
}

const ACTIONS: Readonly<Record<string, string>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

interface KeyRow {
  table: string;
  name: string;
  type: 'p' | 'f';
  columns: string[];
  referenced_table: string | null;
  referenced_columns: string[] | null;
  on_delete: string;
  on_update: string;
}

/** Every table's primary key and foreign keys in one schema (default `public`), by table name. */
export async function readTableKeys(
  client: Queryable,
  schema = 'public',
): Promise<Map<string, TableKeys>> {
  const { rows } = await client.query<KeyRow>(
    `SELECT c.relname AS table, con.conname AS name, con.contype AS type,
            array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                   ORDER BY k.i) AS columns,
            ref.relname AS referenced_table,
            CASE WHEN con.contype = 'f' THEN
              array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                     ORDER BY k.i) END AS referenced_columns,
            con.confdeltype AS on_delete, con.confupdtype AS on_update
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class ref ON ref.oid = con.confrelid
      WHERE n.nspname = $1 AND con.contype IN ('p', 'f') AND c.relkind IN ('r', 'p')
      ORDER BY c.relname COLLATE "C", con.conname COLLATE "C"`,
    [schema],
  );
  const keys = new Map<
    string,
    { primaryKey: string[] | null; foreignKeys: ForeignKeyDescription[] }
  >();
  for (const row of rows) {
    const entry = keys.get(row.table) ?? { primaryKey: null, foreignKeys: [] };
    if (row.type === 'p') entry.primaryKey = row.columns;
    else {
      entry.foreignKeys.push({
        name: row.name,
        columns: row.columns,
        referencedTable: row.referenced_table!,
        referencedColumns: row.referenced_columns!,
        onDelete: ACTIONS[row.on_delete] ?? row.on_delete,
        onUpdate: ACTIONS[row.on_update] ?? row.on_update,
      });
    }
    keys.set(row.table, entry);
  }
  return keys;
}
