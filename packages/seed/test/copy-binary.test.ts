import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { describe, expect, it } from 'vitest';
import {
  BinaryCopyWriter,
  binaryRowEncoder,
  joinCopyData,
  type ColumnType,
} from '../src/copy-binary.js';
import { freshDatabase } from './support.js';

interface Row {
  id: string | null;
  label: string | null;
  small: number | null;
  big: bigint | number | null;
  amount: number | null;
  at: Date | null;
  doc: unknown;
  tags: (string | null)[] | null;
}

const COLUMNS: readonly (readonly [keyof Row, ColumnType, string])[] = [
  ['id', 'uuid', 'uuid'],
  ['label', 'text', 'text'],
  ['small', 'integer', 'integer'],
  ['big', 'bigint', 'bigint'],
  ['amount', 'numeric', 'numeric(12,4)'],
  ['at', 'timestamptz', 'timestamptz'],
  ['doc', 'jsonb', 'jsonb'],
  ['tags', 'text[]', 'text[]'],
];

/** Each row, and how PostgreSQL prints it back (text output, '∅' for NULL). */
const CASES: readonly (readonly [Row, readonly string[]])[] = [
  [
    {
      id: '0f8e2c1a-9b3d-4e5f-8a7b-6c5d4e3f2a1B',
      label: 'tab\there, newline\nthere, back\\slash, "quotes", ünïcödé 🙂',
      small: -2_147_483_648,
      big: 9_223_372_036_854_775_807n,
      amount: 12_345.6,
      at: new Date('2026-01-01T12:34:56.789Z'),
      doc: { note: 'x\ty', nested: [1, 2.5, null, true], emoji: '🙂' },
      tags: ['plain', 'with "quote"', 'with\\backslash', null, ''],
    },
    [
      '0f8e2c1a-9b3d-4e5f-8a7b-6c5d4e3f2a1b',
      'tab\there, newline\nthere, back\\slash, "quotes", ünïcödé 🙂',
      '-2147483648',
      '9223372036854775807',
      '12345.6000',
      '2026-01-01 12:34:56.789+00',
      '{"note": "x\\ty", "emoji": "🙂", "nested": [1, 2.5, null, true]}',
      '{plain,"with \\"quote\\"","with\\\\backslash",NULL,""}',
    ],
  ],
  [
    {
      id: '00000000-0000-4000-8000-000000000000',
      label: '',
      small: 2_147_483_647,
      big: -42,
      amount: 0.0001,
      at: new Date('1999-12-31T23:59:59.999Z'),
      doc: [],
      tags: [],
    },
    [
      '00000000-0000-4000-8000-000000000000',
      '',
      '2147483647',
      '-42',
      '0.0001',
      '1999-12-31 23:59:59.999+00',
      '[]',
      '{}',
    ],
  ],
  [
    { id: null, label: null, small: 0, big: 0n, amount: 0, at: null, doc: null, tags: null },
    ['∅', '∅', '0', '0', '0.0000', '∅', '∅', '∅'],
  ],
  [
    {
      id: 'ABCDEF01-2345-4678-9ABC-DEF012345678',
      label: 'far dates',
      small: 3,
      big: 1,
      amount: 12_345_678.1234,
      at: new Date('9999-12-31T23:59:59.999Z'),
      doc: { deep: { deeper: [[], {}] } },
      tags: [null, null],
    },
    [
      'abcdef01-2345-4678-9abc-def012345678',
      'far dates',
      '3',
      '1',
      '12345678.1234',
      '9999-12-31 23:59:59.999+00',
      '{"deep": {"deeper": [[], {}]}}',
      '{NULL,NULL}',
    ],
  ],
  [
    {
      id: '00000000-0000-4000-8000-000000000001',
      label: 'long ago',
      small: 4,
      big: 2,
      amount: -0.5,
      at: new Date('0100-03-01T00:00:00.001Z'),
      doc: 0,
      tags: ['a,b', '{c}'],
    },
    [
      '00000000-0000-4000-8000-000000000001',
      'long ago',
      '4',
      '2',
      '-0.5000',
      '0100-03-01 00:00:00.001+00',
      '0',
      '{"a,b","{c}"}',
    ],
  ],
  [
    {
      id: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
      label: 'x',
      small: 7,
      big: Number.MAX_SAFE_INTEGER,
      amount: -99_999.9999,
      at: new Date('1970-01-01T00:00:00.000Z'),
      doc: 'just a string',
      tags: ['one'],
    },
    [
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
      'x',
      '7',
      '9007199254740991',
      '-99999.9999',
      '1970-01-01 00:00:00+00',
      '"just a string"',
      '{one}',
    ],
  ],
  [
    {
      id: '12345678-9abc-4def-8123-456789abcdef',
      label: 'y',
      small: 1,
      big: -9_223_372_036_854_775_808n,
      amount: 100,
      at: new Date('2100-02-28T01:02:03.004Z'),
      doc: 3.25,
      tags: ['a', 'b'],
    },
    [
      '12345678-9abc-4def-8123-456789abcdef',
      'y',
      '1',
      '-9223372036854775808',
      '100.0000',
      '2100-02-28 01:02:03.004+00',
      '3.25',
      '{a,b}',
    ],
  ],
];

describe('binary COPY', () => {
  it('loads every column type exactly as PostgreSQL prints it back', async () => {
    const { db } = await freshDatabase('empty');
    await db.query(
      `CREATE TABLE copied (n serial, ${COLUMNS.map(([name, , type]) => `${name} ${type}`).join(', ')})`,
    );
    await db.query(`SET TIME ZONE 'UTC'`);
    // A tiny first buffer, so the writer has to grow many times.
    const writer = new BinaryCopyWriter(16);
    const encode = binaryRowEncoder<Row>(COLUMNS.map(([name, type]) => [name, type] as const));
    for (const [row] of CASES) encode(writer, row);
    expect(writer.rows).toBe(CASES.length);
    const names = COLUMNS.map(([name]) => name).join(', ');
    await db.withConnection(async (client) => {
      await client.query(`SET TIME ZONE 'UTC'`);
      await pipeline(
        Readable.from([writer.finish()]),
        client.query(copyFrom(`COPY copied (${names}) FROM STDIN (FORMAT binary)`)),
      );
      const { rows } = await client.query<Record<string, string | null>>(
        `SELECT ${COLUMNS.map(([name]) => `${name}::text`).join(', ')} FROM copied ORDER BY n`,
      );
      expect(rows.map((row) => COLUMNS.map(([name]) => row[name] ?? '∅'))).toEqual(
        CASES.map(([, printed]) => printed),
      );
    });
  });

  it('refuses values it cannot write, before anything reaches the server', () => {
    const writer = new BinaryCopyWriter();
    expect(() => writer.uuid('not-a-uuid')).toThrow(/not a UUID/);
    expect(() => writer.uuid('0f8e2c1a-9b3d-4e5f-8a7b-6c5d4e3f2a1g')).toThrow(/not a UUID/);
    expect(() => writer.uuid('0f8e2c1a_9b3d-4e5f-8a7b-6c5d4e3f2a1b')).toThrow(/not a UUID/);
    expect(() => writer.integer(2 ** 31)).toThrow(/32-bit/);
    expect(() => writer.integer(1.5)).toThrow(/32-bit/);
    expect(() => writer.bigint(2 ** 53)).toThrow(/safe integer/);
    expect(() => writer.bigint(2n ** 63n)).toThrow(/64-bit/);
    expect(() => writer.numeric(Number.NaN)).toThrow(/NaN/);
    expect(() => writer.numeric(1e-7)).toThrow(/numeric/);
    expect(() => writer.timestamptz(new Date(Number.NaN))).toThrow(/invalid date/);
    expect(() => binaryRowEncoder<{ 'a-b': string }>([['a-b', 'text']])).toThrow(/plain column/);
  });

  it('joins whole streams into one: the rows of each in order, one header, one trailer', async () => {
    const encode = binaryRowEncoder<Row>(COLUMNS.map(([name, type]) => [name, type] as const));
    const all = new BinaryCopyWriter();
    for (const [row] of CASES) encode(all, row);
    // The same rows cut into three streams, the middle one empty.
    const parts = [new BinaryCopyWriter(), new BinaryCopyWriter(), new BinaryCopyWriter()];
    encode(parts[0]!, CASES[0]![0]);
    for (const [row] of CASES.slice(1)) encode(parts[2]!, row);
    const joined = joinCopyData(parts.map((part) => part.finish()));
    const whole = all.finish();
    expect(Buffer.concat(joined).equals(Buffer.from(whole))).toBe(true);
    expect(Buffer.concat(joinCopyData([whole])).equals(Buffer.from(whole))).toBe(true);

    const { db } = await freshDatabase('empty');
    await db.query(
      `CREATE TABLE joined (${COLUMNS.map(([name, , type]) => `${name} ${type}`).join(', ')})`,
    );
    const names = COLUMNS.map(([name]) => name).join(', ');
    await db.withConnection(async (client) => {
      await pipeline(
        Readable.from(joined),
        client.query(copyFrom(`COPY joined (${names}) FROM STDIN (FORMAT binary)`)),
      );
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM joined');
      expect(Number(rows[0]!.n)).toBe(CASES.length);
    });
  });

  it('refuses to join what is not a whole binary COPY stream', () => {
    const whole = new BinaryCopyWriter().finish();
    expect(() => joinCopyData([])).toThrow(/No COPY data/);
    expect(() => joinCopyData([whole, whole.subarray(0, whole.length - 1)])).toThrow(
      /part 2 of 2 is not a whole binary COPY stream/,
    );
    expect(() => joinCopyData([whole.subarray(1), whole])).toThrow(/part 1 of 2/);
  });
});
