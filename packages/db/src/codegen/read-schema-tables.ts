import type { Queryable } from '../connection/queryable.js';
import { parseEnumeratedValues } from './parse-enumerated-values.js';

/** One column, as the catalog describes it: what the row types are generated from. */
export interface SchemaColumn {
  readonly name: string;
  /** Its place in the table (pg_attribute.attnum; dropped columns leave gaps). */
  readonly position: number;
  /** The type as the server prints it: `numeric(5,4)`, `text[]`, `character varying(100)`. */
  readonly type: string;
  /** pg_type.typname of the value, or of each element for an array; domains resolved to their base. */
  readonly baseType: string;
  readonly array: boolean;
  readonly nullable: boolean;
  /** The default expression as the server prints it, or null. */
  readonly default: string | null;
  /** GENERATED ... AS IDENTITY: the server numbers it, so an insert may leave it out. */
  readonly identity: boolean;
  /** GENERATED ALWAYS AS (...) STORED: the server computes it, so an insert must leave it out. */
  readonly generated: boolean;
  /** For numeric: its declared precision, or null when unconstrained. Null for other types. */
  readonly numericPrecision: number | null;
  /** The values a CHECK constraint limits the column to, in the constraint's order; else null. */
  readonly enumeratedValues: readonly string[] | null;
}

export interface SchemaTable {
  readonly name: string;
  /** Sorted by name. */
  readonly columns: readonly SchemaColumn[];
}

interface ColumnRow {
  table: string;
  name: string;
  position: number;
  type: string;
  base_type: string;
  array: boolean;
  nullable: boolean;
  default: string | null;
  identity: boolean;
  generated: boolean;
  numeric_precision: number | null;
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * Reads every ordinary table of one schema (default `public`): tables and their columns sorted by
 * name (code-point order, whatever the server's collation; column order is not part of a row's
 * type, so a table whose columns were added in another order reads the same), and the values single-column CHECK constraints enumerate (`state IN ('a', 'b')`). When
 * two such constraints cover one column, a value must pass both, so their intersection is kept.
 */
export async function readSchemaTables(
  client: Queryable,
  schema = 'public',
): Promise<SchemaTable[]> {
  const columns = await client.query<ColumnRow>(
    `SELECT c.relname AS table, a.attname AS name, a.attnum::int AS position,
            format_type(a.atttypid, a.atttypmod) AS type,
            coalesce(elem.typname, base.typname) AS base_type, elem.oid IS NOT NULL AS array,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default,
            a.attidentity <> '' AS identity, a.attgenerated <> '' AS generated,
            CASE WHEN coalesce(elem.typname, base.typname) = 'numeric' AND a.atttypmod >= 4
                 THEN ((a.atttypmod - 4) >> 16) & 65535 END AS numeric_precision
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_type base ON base.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
       LEFT JOIN pg_type elem ON elem.oid = base.typelem AND base.typcategory = 'A'
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const checks = await client.query<{ table: string; column: string; definition: string }>(
    `SELECT c.relname AS table, a.attname AS column, pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
      WHERE n.nspname = $1 AND con.contype = 'c' AND cardinality(con.conkey) = 1
      ORDER BY c.relname, a.attname, con.conname`,
    [schema],
  );
  const enumerated = new Map<string, string[]>();
  for (const check of checks.rows) {
    const values = parseEnumeratedValues(check.definition);
    if (values === undefined) continue;
    const key = `${check.table}.${check.column}`;
    const earlier = enumerated.get(key);
    enumerated.set(key, earlier === undefined ? values : earlier.filter((v) => values.includes(v)));
  }
  const tables = new Map<string, SchemaColumn[]>();
  for (const row of columns.rows) {
    const list = tables.get(row.table) ?? [];
    list.push({
      name: row.name,
      position: row.position,
      type: row.type,
      baseType: row.base_type,
      array: row.array,
      nullable: row.nullable,
      default: row.generated ? null : row.default,
      identity: row.identity,
      generated: row.generated,
      numericPrecision: row.numeric_precision,
      enumeratedValues: enumerated.get(`${row.table}.${row.name}`) ?? null,
    });
    tables.set(row.table, list);
  }
  return [...tables]
    .map(([name, tableColumns]) => ({ name, columns: tableColumns.sort(byName) }))
    .sort(byName);
}
