import { jsonText } from './json-text.js';

/**
 * PostgreSQL's binary COPY format: a header; per row a 16-bit field count, then per field a
 * 32-bit byte length (-1 for NULL) and the value in its type's binary form; a 16-bit -1 at the
 * end. The server stores uuids, timestamps and numbers as they arrive instead of parsing text,
 * which cuts its share of a seed (the larger share) by about a fifth.
 */

/** The PostgreSQL type of a seeded column, as the seeder writes it. */
export type ColumnType =
  'uuid' | 'text' | 'integer' | 'bigint' | 'numeric' | 'timestamptz' | 'jsonb' | 'text[]';

/** How format_type() names each type in the catalog (numeric with its precision and scale). */
export const CATALOG_TYPE_NAMES: Readonly<Record<ColumnType, RegExp>> = {
  uuid: /^uuid$/,
  text: /^text$/,
  integer: /^integer$/,
  bigint: /^bigint$/,
  numeric: /^numeric(\(\d+,\d+\))?$/,
  timestamptz: /^timestamp with time zone$/,
  jsonb: /^jsonb$/,
  'text[]': /^text\[\]$/,
};

const HEADER = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(8), // flags, then the length of the header extension: both 0
]);
const TEXT_OID = 25;
const JSONB_VERSION = 1;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_POW_32 = 0x1_0000_0000;
const MAX_EXACT_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const NUMERIC_NEGATIVE = 0x4000;
const DASH = 0x2d;
const MINUS = 0x2d;
const ZERO = 0x30;
/** Room for the base-10000 digits of any number's shortest decimal form without an exponent. */
const GROUPS = new Array<number>(16).fill(0);
/** Nibble per character code ('0'-'9', 'a'-'f', 'A'-'F'); -1 for anything else. */
const NIBBLES = Int8Array.from({ length: 128 }, (_, code) => {
  const c = String.fromCharCode(code);
  return /[0-9a-fA-F]/.test(c) ? parseInt(c, 16) : -1;
});

const TRAILER_BYTES = 2;

/**
 * The data of several complete binary COPY streams (each with its header and trailer, as
 * `BinaryCopyWriter.finish()` gives it) as ONE stream, their rows in order: one header, one
 * trailer. The parts are sliced, not copied. One COPY statement costs the server some milliseconds
 * whatever its rows, so the loader sends consecutive chunks of a table in one.
 */
export function joinCopyData(parts: readonly Uint8Array[]): Uint8Array[] {
  if (parts.length === 0) throw new TypeError('No COPY data to join.');
  return parts.map((part, k) => {
    const complete =
      part.length >= HEADER.length + TRAILER_BYTES &&
      HEADER.equals(part.subarray(0, HEADER.length)) &&
      part[part.length - 2] === 0xff &&
      part[part.length - 1] === 0xff;
    if (!complete) {
      throw new TypeError(
        `COPY data part ${k + 1} of ${parts.length} is not a whole binary COPY stream.`,
      );
    }
    const from = k === 0 ? 0 : HEADER.length;
    const to = k === parts.length - 1 ? part.length : part.length - TRAILER_BYTES;
    return part.subarray(from, to);
  });
}

/** Where each of the 16 bytes' two hex digits start in 8-4-4-4-12 (dashes at 8, 13, 18, 23). */
const UUID_BYTE_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/**
 * One COPY statement's data, written into a growing buffer: the header at once, the trailer by
 * `finish()`. Each method writes one field, length included.
 */
export class BinaryCopyWriter {
  private buffer: Buffer;
  private at = 0;
  rows = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafeSlow(Math.max(initialBytes, HEADER.length));
    HEADER.copy(this.buffer, 0);
    this.at = HEADER.length;
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): void {
    this.ensure(2);
    this.int16(fields);
    this.rows += 1;
  }

  null(): void {
    this.ensure(4);
    this.int32(-1);
  }

  text(value: string): void {
    this.ensure(4 + value.length * 3); // a UTF-16 code unit takes at most 3 bytes in UTF-8
    const bytes = this.buffer.write(value, this.at + 4, 'utf8');
    this.int32(bytes);
    this.at += bytes;
  }

  uuid(value: string): void {
    if (
      value.length !== 36 ||
      value.charCodeAt(8) !== DASH ||
      value.charCodeAt(13) !== DASH ||
      value.charCodeAt(18) !== DASH ||
      value.charCodeAt(23) !== DASH
    ) {
      throw new TypeError(`"${value}" is not a UUID.`);
    }
    this.ensure(20);
    this.int32(16);
    const buffer = this.buffer;
    let at = this.at;
    let bad = 0;
    for (let k = 0; k < 16; k++) {
      const i = UUID_BYTE_AT[k]!;
      const c1 = value.charCodeAt(i);
      const c2 = value.charCodeAt(i + 1);
      const high = NIBBLES[c1 & 0x7f]!;
      const low = NIBBLES[c2 & 0x7f]!;
      // A non-hex character makes `bad` negative (-1), one beyond ASCII makes it 128 or more.
      bad |= high | low | ((c1 | c2) & ~0x7f);
      buffer[at++] = (high << 4) | low;
    }
    if (bad < 0 || bad > 15) throw new TypeError(`"${value}" is not a UUID.`);
    this.at = at;
  }

  integer(value: number): void {
    if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
      throw new TypeError(`${value} is not a 32-bit integer.`);
    }
    this.ensure(8);
    this.int32(4);
    this.int32(value);
  }

  bigint(value: bigint | number): void {
    if (typeof value === 'bigint') {
      if (value < INT64_MIN || value > INT64_MAX)
        throw new TypeError(`${value} is not a 64-bit integer.`);
    } else if (!Number.isSafeInteger(value)) {
      throw new TypeError(`${value} is not a safe integer.`);
    }
    this.ensure(12);
    this.int32(8);
    if (typeof value === 'number') this.int64(value);
    else if (value >= MIN_SAFE && value <= MAX_SAFE) this.int64(Number(value));
    else this.at = this.buffer.writeBigInt64BE(value, this.at);
  }

  /** Microseconds since 2000-01-01 UTC, PostgreSQL's epoch. */
  timestamptz(value: Date): void {
    const ms = value.getTime();
    if (!Number.isFinite(ms)) throw new TypeError('Cannot COPY an invalid date.');
    this.ensure(12);
    this.int32(8);
    const sinceEpochMs = ms - PG_EPOCH_MS;
    // Exact in a double up to 2^53 µs (about 285 years either side of 2000); beyond, in BigInt.
    if (Math.abs(sinceEpochMs) <= MAX_EXACT_MS) this.int64(sinceEpochMs * 1000);
    else this.at = this.buffer.writeBigInt64BE(BigInt(sinceEpochMs) * 1000n, this.at);
  }

  /**
   * A number as numeric: its shortest decimal form, in base-10000 digits. The column's
   * precision and scale are applied by the server, as for text. Numbers whose shortest form has
   * an exponent (from 1e21 up, or nonzero below 1e-6) are refused rather than rounded here.
   */
  numeric(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot COPY the number ${value}.`);
    const decimal = String(value);
    if (decimal.includes('e')) throw new TypeError(`Cannot COPY ${decimal} as numeric.`);
    let sign = 0;
    let from = 0;
    if (decimal.charCodeAt(0) === MINUS) {
      sign = NUMERIC_NEGATIVE;
      from = 1;
    }
    const dot = decimal.indexOf('.');
    const wholeEnd = dot < 0 ? decimal.length : dot;
    while (from < wholeEnd && decimal.charCodeAt(from) === ZERO) from += 1;
    const wholeDigits = wholeEnd - from;
    const fractionDigits = dot < 0 ? 0 : decimal.length - dot - 1;
    // Base-10000 groups aligned on the decimal point: the whole part's first group may be
    // short on the left, the fraction's last one is padded with zeros on the right.
    const wholeGroups = Math.ceil(wholeDigits / 4);
    const groups = GROUPS;
    let n = 0;
    let group = 0;
    let inGroup = (4 - (wholeDigits % 4)) % 4;
    for (let i = from; i < wholeEnd; i++) {
      group = group * 10 + decimal.charCodeAt(i) - ZERO;
      if (++inGroup === 4) {
        groups[n++] = group;
        group = 0;
        inGroup = 0;
      }
    }
    for (let i = wholeEnd + 1; i < decimal.length; i++) {
      group = group * 10 + decimal.charCodeAt(i) - ZERO;
      if (++inGroup === 4) {
        groups[n++] = group;
        group = 0;
        inGroup = 0;
      }
    }
    if (inGroup > 0) groups[n++] = group * 10 ** (4 - inGroup);
    let first = 0;
    let weight = wholeGroups - 1;
    while (first < n && groups[first] === 0) {
      first += 1;
      weight -= 1;
    }
    while (n > first && groups[n - 1] === 0) n -= 1;
    if (n === first) {
      weight = 0;
      sign = 0;
    }
    const count = n - first;
    this.ensure(12 + 2 * count);
    this.int32(8 + 2 * count);
    this.int16(count);
    this.int16(weight);
    this.int16(sign);
    this.int16(fractionDigits);
    for (let g = first; g < n; g++) this.int16(groups[g]!);
  }

  /** A JSON value: its text registered by the generator (json-text.ts), or JSON.stringify's. */
  jsonb(value: unknown): void {
    const json = jsonText(value);
    this.ensure(5 + json.length * 3);
    this.buffer[this.at + 4] = JSONB_VERSION;
    const bytes = this.buffer.write(json, this.at + 5, 'utf8');
    this.int32(1 + bytes);
    this.at += 1 + bytes;
  }

  /** A one-dimensional text array, lower bound 1 (an empty one has no dimensions). */
  textArray(value: readonly (string | null)[]): void {
    this.ensure(24);
    const start = this.at;
    let at = start + 4;
    at = this.buffer.writeInt32BE(value.length === 0 ? 0 : 1, at);
    at = this.buffer.writeInt32BE(value.includes(null) ? 1 : 0, at);
    at = this.buffer.writeInt32BE(TEXT_OID, at);
    if (value.length > 0) {
      at = this.buffer.writeInt32BE(value.length, at);
      at = this.buffer.writeInt32BE(1, at);
    }
    this.at = at;
    for (const item of value) {
      if (item === null) this.null();
      else this.text(item);
    }
    this.buffer.writeInt32BE(this.at - start - 4, start);
  }

  /** Ends the data; returns it (a view of this writer's buffer). */
  finish(): Uint8Array {
    this.ensure(2);
    this.at = this.buffer.writeInt16BE(-1, this.at);
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.at);
  }

  /** Big-endian, into room already ensured (bytes take the low 8 bits of what they are given). */
  private int16(value: number): void {
    const buffer = this.buffer;
    const at = this.at;
    buffer[at] = value >> 8;
    buffer[at + 1] = value;
    this.at = at + 2;
  }

  private int32(value: number): void {
    const buffer = this.buffer;
    const at = this.at;
    buffer[at] = value >>> 24;
    buffer[at + 1] = value >>> 16;
    buffer[at + 2] = value >>> 8;
    buffer[at + 3] = value;
    this.at = at + 4;
  }

  /** A safe integer as a signed 64-bit one. */
  private int64(value: number): void {
    const high = Math.floor(value / TWO_POW_32);
    this.int32(high | 0);
    this.int32(value - high * TWO_POW_32);
  }

  private ensure(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }
}

const WRITE_METHODS: Readonly<Record<ColumnType, keyof BinaryCopyWriter>> = {
  uuid: 'uuid',
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  numeric: 'numeric',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
  'text[]': 'textArray',
};

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A function writing one row of T, columns in this order (null and undefined as NULL). It is
 * compiled for the table (`row.id`, `row.did`, ... spelled out), so V8 sees one row shape per
 * property access instead of one generic loop over every table's rows, which is several times
 * faster. Column names are checked to be plain identifiers first.
 */
export function binaryRowEncoder<T>(
  columns: readonly (readonly [keyof T & string, ColumnType])[],
): (writer: BinaryCopyWriter, row: T) => void {
  const body = columns.map(([name, type]) => {
    if (!IDENTIFIER.test(name)) throw new TypeError(`"${name}" is not a plain column name.`);
    return `v = row.${name}; if (v == null) w.null(); else w.${WRITE_METHODS[type]}(v);`;
  });
  return new Function('w', 'row', `w.row(${columns.length}); let v;\n${body.join('\n')}`) as (
    writer: BinaryCopyWriter,
    row: T,
  ) => void;
}
