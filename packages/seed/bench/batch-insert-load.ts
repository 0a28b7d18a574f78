import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import type pg from 'pg';
import { SEED_TABLE_NAMES, SEED_TABLES } from '../src/seed-tables.js';
import { parseCopyLine } from './row-insert-load.js';
import { tableFile } from './table-files.js';
import { INSERT_BATCH_ROWS } from './bench-settings.js';

export { INSERT_BATCH_ROWS } from './bench-settings.js';

/**
 * Baseline (c): what a seed script without COPY does. Every table's rows, in foreign-key order,
 * as multi-row `INSERT ... VALUES ($1, ...), (...)` statements of INSERT_BATCH_ROWS rows, with
 * parameters, in ONE transaction, into the indexed tables with their foreign keys. Each batch
 * shape (table and row count) is a named prepared statement, parsed and planned once and reused.
 * Returns the rows inserted.
 */
export async function batchInsertLoad(client: pg.PoolClient, dir: string): Promise<number> {
  let inserted = 0;
  await client.query('BEGIN');
  for (const table of SEED_TABLE_NAMES) {
    const columns = SEED_TABLES[table].columns as readonly string[];
    const insert = async (batch: (string | null)[]) => {
      const rows = batch.length / columns.length;
      const tuples = Array.from(
        { length: rows },
        (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
      );
      await client.query({
        name: `batch_${table}_${rows}`,
        text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
        values: batch,
      });
      inserted += rows;
    };
    let batch: (string | null)[] = [];
    const lines = readline.createInterface({
      input: createReadStream(tableFile(dir, table, 'text')),
    });
    for await (const line of lines) {
      for (const value of parseCopyLine(line)) batch.push(value);
      if (batch.length === INSERT_BATCH_ROWS * columns.length) {
        await insert(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await insert(batch);
  }
  await client.query('COMMIT');
  return inserted;
}
