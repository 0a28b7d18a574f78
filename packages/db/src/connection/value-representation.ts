import pg from 'pg';

/**
 * How values arrive in JavaScript through DatabaseClient. pg's defaults stand, except two, which
 * DatabaseClient installs on its own pool (pg.Pool's `types` option, never pg.types.setTypeParser,
 * so other pg users in the process are unaffected):
 *
 * - bigint (int8) → JS `bigint`, not a string: credit amounts are exact and `count(*)` is a bigint.
 * - numeric → JS `number`, not a string. Exact for numeric(p,s) with p ≤ MAX_EXACT_NUMERIC_PRECISION;
 *   `pnpm db:types` refuses a numeric column that could hold more digits than that.
 *
 * timestamptz, timestamp and date → Date; uuid, text, varchar → string; arrays → JS arrays;
 * json/jsonb → the parsed value (its shape in src/codegen/jsonb-shapes.ts).
 */

/** The JavaScript value a column arrives as: `typeof` for primitives, the class for objects. */
export type JsKind = 'string' | 'number' | 'bigint' | 'boolean' | 'Date' | 'Buffer' | 'json';

/** One column as the generated DATABASE_COLUMNS describes it. */
export interface ColumnMetadata {
  /** The PostgreSQL type as the server prints it, e.g. `numeric(5,4)`, `text[]`. */
  readonly type: string;
  readonly nullable: boolean;
  /** The default expression as the server prints it, or null. */
  readonly default: string | null;
  /** What DatabaseClient returns for a non-null value (of each element, for arrays). */
  readonly js: JsKind;
  readonly array: boolean;
  /** For an enumerated column: the values its CHECK constraint allows (NEGOTIATION_STATES, ...). */
  readonly values?: readonly string[];
}

/** A JS number holds 15 significant decimal digits exactly. */
export const MAX_EXACT_NUMERIC_PRECISION = 15;

/** How one PostgreSQL type is typed: as read (`ts`), at run time (`js`), and as written (`input`). */
export interface ValueRepresentation {
  readonly ts: string;
  readonly js: JsKind;
  /** What an insert or update may pass, when more than `ts`: pg sends each as the same text. */
  readonly input?: string;
}

/** PostgreSQL base type name (pg_type.typname) → its TypeScript type and runtime kind. */
export const VALUE_REPRESENTATIONS: Readonly<Record<string, ValueRepresentation>> = {
  bool: { ts: 'boolean', js: 'boolean' },
  int2: { ts: 'number', js: 'number' },
  int4: { ts: 'number', js: 'number' },
  int8: { ts: 'bigint', js: 'bigint', input: 'bigint | number | string' },
  float4: { ts: 'number', js: 'number' },
  float8: { ts: 'number', js: 'number' },
  numeric: { ts: 'number', js: 'number' },
  text: { ts: 'string', js: 'string' },
  varchar: { ts: 'string', js: 'string' },
  bpchar: { ts: 'string', js: 'string' },
  uuid: { ts: 'string', js: 'string' },
  timestamptz: { ts: 'Date', js: 'Date' },
  timestamp: { ts: 'Date', js: 'Date' },
  date: { ts: 'Date', js: 'Date' },
  bytea: { ts: 'Buffer', js: 'Buffer' },
  json: { ts: 'unknown', js: 'json' },
  jsonb: { ts: 'unknown', js: 'json' },
};

const { INT8, NUMERIC } = pg.types.builtins;
const INT8_ARRAY = 1016;

type Nested<T> = T | null | Nested<T>[];

function mapNested<A, B>(value: Nested<A>, map: (element: A) => B): Nested<B> {
  if (value === null) return null;
  return Array.isArray(value) ? value.map((element) => mapNested(element, map)) : map(value);
}

/**
 * A fresh set of type parsers for one pool: the representation above. numeric[] needs nothing:
 * pg already parses it to numbers.
 */
export function createRowTypeParsers(): pg.CustomTypesConfig {
  const overrides = new pg.TypeOverrides();
  // pg's own int8[] parser (the overrides fall back to it until set below): elements as strings.
  // (@types/pg declares parsers as taking a number; they take the text pg received.)
  const int8ArrayAsStrings = overrides.getTypeParser(INT8_ARRAY, 'text') as unknown as (
    value: string,
  ) => Nested<string>;
  overrides.setTypeParser(INT8, 'text', (value: string) => BigInt(value));
  overrides.setTypeParser(NUMERIC, 'text', (value: string) => Number(value));
  overrides.setTypeParser(INT8_ARRAY, 'text', (value: string) =>
    mapNested(int8ArrayAsStrings(value), BigInt),
  );
  return overrides;
}
