import type { AgentIdentity } from './agent-identity.js';
import type { ChunkSpec } from './chunk-plan.js';
import { generateChunk, type ChunkSink } from './generate-chunk.js';
import { SEED_TABLE_NAMES, SEED_TABLES, type SeedRows, type SeedTableName } from './seed-tables.js';

/** One chunk as COPY text, one byte array per table (transferable between threads). */
export interface EncodedChunk {
  readonly index: number;
  readonly data: Record<SeedTableName, Uint8Array>;
  readonly rows: Record<SeedTableName, number>;
}

/** The first buffer of a table; it doubles whenever it is short. */
const INITIAL_BUFFER_BYTES = 1 << 20;

/** COPY text written straight into a growing byte buffer. */
class TableWriter<T> {
  private buffer = Buffer.allocUnsafeSlow(INITIAL_BUFFER_BYTES);
  private length = 0;
  rows = 0;

  constructor(private readonly encode: (row: T) => string) {}

  write(row: T): void {
    const line = this.encode(row);
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.length + line.length * 3 > this.buffer.length) {
      const bigger = Buffer.allocUnsafeSlow(
        Math.max(this.buffer.length * 2, this.length + line.length * 3),
      );
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(line, this.length, 'utf8');
    this.rows += 1;
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
  }
}

/** Generates one chunk and encodes each row as it comes. */
export function encodeChunk(spec: ChunkSpec, book: (index: number) => AgentIdentity): EncodedChunk {
  const writer = <N extends SeedTableName>(name: N) =>
    new TableWriter<SeedRows[N]>(SEED_TABLES[name].encode as (row: SeedRows[N]) => string);
  const writers: { [N in SeedTableName]: TableWriter<SeedRows[N]> } = {
    agents: writer('agents'),
    trust_scores: writer('trust_scores'),
    usefulness_proofs: writer('usefulness_proofs'),
    credit_accounts: writer('credit_accounts'),
    credit_transactions: writer('credit_transactions'),
    credit_idempotency_keys: writer('credit_idempotency_keys'),
    negotiations: writer('negotiations'),
  };
  const sink: ChunkSink = (table, row) => (writers[table] as TableWriter<typeof row>).write(row);
  generateChunk(spec, sink, book);
  const data = {} as Record<SeedTableName, Uint8Array>;
  const rows = {} as Record<SeedTableName, number>;
  for (const name of SEED_TABLE_NAMES) {
    data[name] = writers[name].bytes();
    rows[name] = writers[name].rows;
  }
  return { index: spec.index, data, rows };
}
