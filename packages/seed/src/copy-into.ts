import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyFromStdinSql, type SeedTableName } from './seed-tables.js';

/** How much COPY data goes to the server per write. */
export const COPY_WRITE_BYTES = 1 << 20;

/**
 * Streams COPY data (already encoded, binary) into one table on this connection, in one COPY
 * statement: pieces that together make one stream (`joinCopyData`).
 */
export async function copyInto(
  client: pg.PoolClient | pg.Client,
  table: SeedTableName,
  pieces: readonly Uint8Array[],
): Promise<void> {
  await pipeline(
    Readable.from(slices(pieces), { objectMode: false }),
    client.query(copyFrom(copyFromStdinSql(table))),
  );
}

function* slices(pieces: readonly Uint8Array[]): Generator<Uint8Array> {
  for (const data of pieces) {
    for (let at = 0; at < data.length; at += COPY_WRITE_BYTES) {
      yield data.subarray(at, Math.min(data.length, at + COPY_WRITE_BYTES));
    }
  }
}
