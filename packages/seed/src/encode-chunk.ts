import type { AgentIdentity } from './agent-identity.js';
import type { ChunkSpec } from './chunk-plan.js';
import { BinaryCopyWriter } from './copy-binary.js';
import { generateChunk, type ChunkSink } from './generate-chunk.js';
import { SEED_TABLE_NAMES, SEED_TABLES, type SeedRows, type SeedTableName } from './seed-tables.js';

/** One chunk as binary COPY data, one byte array per table (transferable between threads). */
export interface EncodedChunk {
  readonly index: number;
  readonly data: Record<SeedTableName, Uint8Array>;
  readonly rows: Record<SeedTableName, number>;
}

/** The first buffer of a table; it doubles whenever it is short. */
const INITIAL_BUFFER_BYTES = 1 << 20;

/** Generates one chunk and encodes each row as it comes. */
export function encodeChunk(spec: ChunkSpec, book: (index: number) => AgentIdentity): EncodedChunk {
  const writers = Object.fromEntries(
    SEED_TABLE_NAMES.map((name) => [name, new BinaryCopyWriter(INITIAL_BUFFER_BYTES)]),
  ) as Record<SeedTableName, BinaryCopyWriter>;
  const sink: ChunkSink = (table, row) =>
    (SEED_TABLES[table].encode as (w: BinaryCopyWriter, r: SeedRows[typeof table]) => void)(
      writers[table],
      row,
    );
  generateChunk(spec, sink, book);
  const data = {} as Record<SeedTableName, Uint8Array>;
  const rows = {} as Record<SeedTableName, number>;
  for (const name of SEED_TABLE_NAMES) {
    data[name] = writers[name].finish();
    rows[name] = writers[name].rows;
  }
  return { index: spec.index, data, rows };
}
