/**
 * The shape of the generated description of the migrated schema (src/generated/schema-description.ts):
 * every table in foreign-key order, its columns in table order. One source for the facts the
 * seeder, the verification scripts and the tests would otherwise write out by hand.
 */

/** One column, as the catalog of a freshly migrated database prints it. */
export interface ColumnDescription {
  readonly name: string;
  /** As format_type() prints it: `numeric(5,4)`, `text[]`, `timestamp with time zone`. */
  readonly type: string;
  /** pg_type.typname of the value, or of each element for an array (`int8`, `timestamptz`, `text`). */
  readonly baseType: string;
  readonly array: boolean;
  readonly notNull: boolean;
  /** The default expression as pg_get_expr() prints it, or null. */
  readonly default: string | null;
  /** GENERATED ... AS IDENTITY. */
  readonly identity: boolean;
  /** GENERATED ALWAYS AS (...) STORED: an insert must leave it out. */
  readonly generated: boolean;
  /** The values its CHECK constraints limit it to, in the constraint's order; else null. */
  readonly enumeratedValues: readonly string[] | null;
}

export interface ForeignKeyDescription {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  /** As written in DDL: `CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`, `SET DEFAULT`. */
  readonly onDelete: string;
  readonly onUpdate: string;
}

export interface TableDescription {
  readonly name: string;
  /** In table order (attnum), as `SELECT *` and `COPY` without a column list use them. */
  readonly columns: readonly ColumnDescription[];
  /** The primary key's columns in key order, or null for a table without one. */
  readonly primaryKey: readonly string[] | null;
  /** Sorted by constraint name. */
  readonly foreignKeys: readonly ForeignKeyDescription[];
}

export interface SchemaDescription {
  readonly schema: string;
  /** In foreign-key order: a table comes after every table it references (ties by name). */
  readonly tables: readonly TableDescription[];
}
