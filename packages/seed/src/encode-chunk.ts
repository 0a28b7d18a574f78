import type { ChunkRows } from './generate-chunk.js';
import { SEED_TABLE_NAMES, SEED_TABLES, type SeedTableName } from './seed-tables.js';

/** One chunk as COPY text, one byte array per table (transferable between threads). */
export interface EncodedChunk {
  readonly index: number;
  readonly data: Record<SeedTableName, Uint8Array>;
  readonly rows: Record<SeedTableName, number>;
}

/** A first guess at a table's COPY text size per row; the buffer grows when it is short. */
const BYTES_PER_ROW_GUESS = 512;

/** A table's rows as COPY text, written straight into bytes (no giant intermediate string). */
export function encodeTable<N extends SeedTableName>(name: N, rows: ChunkRows[N]): Uint8Array {
  const encode = SEED_TABLES[name].encode as (row: ChunkRows[N][number]) => string;
  let buffer = Buffer.allocUnsafeSlow(Math.max(1024, rows.length * BYTES_PER_ROW_GUESS));
  let length = 0;
  for (const row of rows) {
    const line = encode(row);
    // A UTF-8 character takes at most 3 bytes per UTF-16 code unit.
    if (length + line.length * 3 > buffer.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, length + line.length * 3));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    length += buffer.write(line, length, 'utf8');
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

export function encodeChunk(index: number, rows: ChunkRows): EncodedChunk {
  const data = {} as Record<SeedTableName, Uint8Array>;
  const counts = {} as Record<SeedTableName, number>;
  for (const name of SEED_TABLE_NAMES) {
    data[name] = encodeTable(name, rows[name]);
    counts[name] = rows[name].length;
  }
  return { index, data, rows: counts };
}
