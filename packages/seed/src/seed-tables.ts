import { binaryRowEncoder, type BinaryCopyWriter, type ColumnType } from './copy-binary.js';
// The schema's description alone, not the package's root: generator threads load this module, and
// the root (pg, the migration runner, the embedded server) cost each thread about 140 ms at start.
import { DATA_TABLES_IN_FOREIGN_KEY_ORDER, describedTable } from '@ainp/db/schema-description';
import type {
  AgentRow,
  ColumnDescription,
  DataTableName,
  CreditAccountRow,
  CreditIdempotencyKeyRow,
  CreditTransactionRow,
  NegotiationRow,
  TrustScoreRow,
  UsefulnessProofRow,
} from '@ainp/db';

/**
 * A row as the seeder writes it: every column present, none left to a database default, so
 * ids and timestamps come from the seed and not from gen_random_uuid() or now().
 */
export type Seeded<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

export interface SeedTable<T> {
  readonly name: SeedTableName;
  /** Column names, in COPY order (the table's own order; generated columns left out). */
  readonly columns: readonly (keyof T & string)[];
  /** Each column's PostgreSQL type (checked against the catalog before a load). */
  readonly types: Readonly<Record<keyof T & string, ColumnType>>;
  /** The primary key's columns, for stable ordering (checksums, dumps). */
  readonly key: readonly (keyof T & string)[];
  /** Writes one row in binary COPY format. */
  readonly encode: (writer: BinaryCopyWriter, row: T) => void;
}

/** The tables the seeder fills: the data model's, in foreign-key order (parents load first). */
export const SEED_TABLE_NAMES = DATA_TABLES_IN_FOREIGN_KEY_ORDER;
export type SeedTableName = DataTableName;

export interface SeedRows {
  agents: Seeded<AgentRow>;
  trust_scores: Seeded<TrustScoreRow>;
  usefulness_proofs: Seeded<UsefulnessProofRow>;
  credit_accounts: Seeded<CreditAccountRow>;
  credit_transactions: Seeded<CreditTransactionRow>;
  credit_idempotency_keys: Seeded<CreditIdempotencyKeyRow>;
  negotiations: Seeded<NegotiationRow>;
}

/** The binary COPY type of a described column (pg_type names, as the description has them). */
const COPY_TYPES: Readonly<Record<string, ColumnType>> = {
  uuid: 'uuid',
  text: 'text',
  int4: 'integer',
  int8: 'bigint',
  numeric: 'numeric',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
};

function copyType(table: string, column: ColumnDescription): ColumnType {
  const type = column.array
    ? column.baseType === 'text'
      ? 'text[]'
      : undefined
    : COPY_TYPES[column.baseType];
  if (type === undefined) {
    throw new Error(
      `the seeder cannot COPY ${table}.${column.name} (${column.type}): packages/seed/src/copy-binary.ts has no binary writer for it. Add one, and a COPY_TYPES entry in packages/seed/src/seed-tables.ts.`,
    );
  }
  return type;
}

/** One table's COPY shape, from the schema description (src/generated/schema-description.ts). */
function seedTable<N extends SeedTableName>(name: N): SeedTable<SeedRows[N]> {
  type Column = keyof SeedRows[N] & string;
  const table = describedTable(name);
  const entries = table.columns
    .filter((column) => !column.generated)
    .map((column) => [column.name as Column, copyType(name, column)] as const);
  return {
    name,
    key: (table.primaryKey ?? []) as Column[],
    columns: entries.map(([column]) => column),
    types: Object.fromEntries(entries) as Record<Column, ColumnType>,
    encode: binaryRowEncoder<SeedRows[N]>(entries),
  };
}

export const SEED_TABLES = Object.fromEntries(
  SEED_TABLE_NAMES.map((name) => [name, seedTable(name)]),
) as { readonly [N in SeedTableName]: SeedTable<SeedRows[N]> };

/** `COPY agents (id, did, ...) FROM STDIN (FORMAT binary)`: the statement for one table. */
export function copyFromStdinSql(table: SeedTableName): string {
  return `COPY ${table} (${SEED_TABLES[table].columns.join(', ')}) FROM STDIN (FORMAT binary)`;
}
