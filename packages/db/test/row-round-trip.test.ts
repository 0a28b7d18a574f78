import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseClient } from '../src/connection/database-client.js';
import {
  DATABASE_COLUMNS,
  type Database,
  type TableName,
  type WorkType,
} from '../src/generated/database-types.js';
import { JsonParameter } from '../src/connection/json-parameter.js';
import type { UsefulnessMetricsByWorkType } from '../src/codegen/jsonb-shapes.js';
import type { ColumnMetadata, JsKind } from '../src/connection/value-representation.js';
import { ROUND_TRIP_ROWS, type FixtureRow } from './fixtures/round-trip-rows.js';
import { freshDatabase } from './support.js';

/** One table's columns, looked up by name at run time. */
const columnsOf = (table: TableName) =>
  DATABASE_COLUMNS[table] as Readonly<Record<string, ColumnMetadata>>;

/**
 * Compile-time half of the check: every non-JSON column's Row type is exactly what its metadata
 * says (`js`, `array`, `nullable`, `values`), so checking values against the metadata at run time
 * checks them against the Row types. A mismatch names `table.column` in a type error here.
 */
interface JsTypes {
  string: string;
  number: number;
  bigint: bigint;
  boolean: boolean;
  Date: Date;
  Buffer: Buffer;
}
type Declared<M> = M extends { values: readonly (infer V)[] }
  ? V | (M extends { nullable: true } ? null : never)
  : M extends { js: infer J extends keyof JsTypes; array: infer A; nullable: infer N }
    ? (A extends true ? JsTypes[J][] : JsTypes[J]) | (N extends true ? null : never)
    : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mismatches = {
  [T in TableName]: {
    [
      C in keyof (typeof DATABASE_COLUMNS)[T] & keyof Database[T]['row']
    ]: (typeof DATABASE_COLUMNS)[T][C] extends {
      js: 'json';
    }
      ? never
      : Same<Database[T]['row'][C], Declared<(typeof DATABASE_COLUMNS)[T][C]>> extends true
        ? never
        : `${T}.${C & string}`;
  }[keyof (typeof DATABASE_COLUMNS)[T] & keyof Database[T]['row']];
}[TableName];
type NoneOf<T extends never> = [T] extends [never] ? true : false;
const rowTypesMatchMetadata: NoneOf<Mismatches> = true;
/** A work type added by a migration needs its metrics shape in jsonb-shapes.ts. */
const metricsShapePerWorkType: Same<keyof UsefulnessMetricsByWorkType, WorkType> = true;

/** What a value is at run time, in JsKind's terms ('json' for parsed JSON objects and arrays). */
function kindOf(value: unknown): JsKind | 'null' | 'other' {
  if (value === null) return 'null';
  if (value instanceof Date) return 'Date';
  if (Buffer.isBuffer(value)) return 'Buffer';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean') {
    return type;
  }
  return type === 'object' ? 'json' : 'other';
}

/** `INSERT ... RETURNING ctid`, then `SELECT *` of that row, both through DatabaseClient. */
async function insertAndReadBack(
  db: DatabaseClient,
  { table, row }: FixtureRow,
): Promise<Record<string, unknown>> {
  const names = Object.keys(row);
  // As the Insert types allow them: no JSON.stringify (a jsonb array comes wrapped in json()).
  const values = Object.values(row);
  const inserted = await db.query<{ ctid: string }>(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ctid::text`,
    values,
  );
  const read = await db.query(`SELECT * FROM ${table} WHERE ctid = $1::tid`, [
    inserted.rows[0]!.ctid,
  ]);
  return read.rows[0]!;
}

/** Asserts one column's value is what the generated Row type (via its metadata) promises. */
function expectDeclaredValue(table: TableName, column: string, value: unknown): void {
  const metadata = columnsOf(table)[column]!;
  const where = `${table}.${column}`;
  if (value === null) {
    expect(metadata.nullable, `${where} is null but not nullable`).toBe(true);
    return;
  }
  if (metadata.array && metadata.js !== 'json') {
    expect(Array.isArray(value), `${where} should be an array`).toBe(true);
    for (const element of value as unknown[]) expect(kindOf(element), where).toBe(metadata.js);
  } else {
    expect(kindOf(value), where).toBe(metadata.js);
  }
  if ('values' in metadata) expect(metadata.values, where).toContain(value);
}

/** The row as it reads back: each json(value) parameter as its value. */
function unwrapJson(row: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => [
      name,
      value instanceof JsonParameter ? (value.value as unknown) : value,
    ]),
  );
}

async function connectedClient(url: string): Promise<DatabaseClient> {
  const db = new DatabaseClient(url);
  await db.connect();
  afterAll(() => db.close());
  return db;
}

describe('rows read back through DatabaseClient', () => {
  it('cover every table in the generated types', () => {
    expect(rowTypesMatchMetadata).toBe(true);
    expect(metricsShapePerWorkType).toBe(true);
    expect([...new Set(ROUND_TRIP_ROWS.map((fixture) => fixture.table))].sort()).toEqual(
      Object.keys(DATABASE_COLUMNS).sort(),
    );
  });

  it('hold, with every column set, values of exactly the declared types', async () => {
    const db = await connectedClient((await freshDatabase('migrated')).url);
    for (const fixture of ROUND_TRIP_ROWS) {
      const columns = Object.keys(DATABASE_COLUMNS[fixture.table]).sort();
      expect(Object.keys(fixture.row).sort(), `${fixture.table} fixture sets every column`).toEqual(
        columns,
      );
      const read = await insertAndReadBack(db, fixture);
      expect(Object.keys(read).sort(), `SELECT * FROM ${fixture.table}`).toEqual(columns);
      for (const column of columns) {
        expect(read[column], `${fixture.table}.${column} is not null`).not.toBe(null);
        expectDeclaredValue(fixture.table, column, read[column]);
      }
      expect(read, `${fixture.table} comes back as inserted`).toEqual(unwrapJson(fixture.row));
    }
  });

  it('hold, with only the required columns set, defaults and nulls of the declared types', async () => {
    const db = await connectedClient((await freshDatabase('migrated')).url);
    for (const fixture of ROUND_TRIP_ROWS) {
      const columns = columnsOf(fixture.table);
      const required = Object.fromEntries(
        Object.entries(fixture.row).filter(
          ([name]) => !columns[name]!.nullable && columns[name]!.default === null,
        ),
      );
      const read = await insertAndReadBack(db, { ...fixture, row: required } as FixtureRow);
      for (const [column, metadata] of Object.entries(columns)) {
        const value = read[column];
        if (metadata.default === null && metadata.nullable) {
          expect(value, `${fixture.table}.${column} left out`).toBe(null);
        }
        expectDeclaredValue(fixture.table, column, value);
      }
    }
  });
});

describe('DatabaseClient value parsers', () => {
  it('return bigint for int8 (count(*) too) and number for numeric, on its own pool only', async () => {
    const database = await freshDatabase('migrated');
    const db = await connectedClient(database.url);
    const sql = `SELECT 9007199254740993::int8 AS big, count(*) AS n, 0.9770::numeric(5,4) AS ratio,
                        ARRAY[[1, NULL], [3, 9007199254740993]]::int8[] AS bigs,
                        ARRAY[0.5, 1.25]::numeric[] AS ratios`;
    const { rows } = await db.query(sql);
    expect(rows[0]).toEqual({
      big: 9007199254740993n,
      n: 1n,
      ratio: 0.977,
      bigs: [
        [1n, null],
        [3n, 9007199254740993n],
      ],
      ratios: [0.5, 1.25],
    });
    const plain = new pg.Client({ connectionString: database.url });
    await plain.connect();
    try {
      const untouched = await plain.query(sql);
      expect(untouched.rows[0]).toMatchObject({ big: '9007199254740993', n: '1', ratio: '0.9770' });
    } finally {
      await plain.end();
    }
  });
});
