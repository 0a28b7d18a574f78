import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { enterBulkLoadMode } from '../src/bulk-load-mode.js';
import {
  copyFromStdinSql,
  SEED_TABLE_NAMES,
  SEED_TABLES,
  type SeedTableName,
} from '../src/seed-tables.js';

/** binary: what the seeder sends, for the raw COPY baselines; text: for the INSERT loaders to parse. */
export type TableFileFormat = 'binary' | 'text';

export const tableFile = (dir: string, table: SeedTableName, format: TableFileFormat) =>
  path.join(dir, `${table}.${format}.copy`);

/**
 * Writes each seeded table to `<dir>/<table>.<format>.copy` in each of `formats` (both by
 * default), in the seeder's column order.
 */
export async function dumpTables(
  client: pg.PoolClient,
  dir: string,
  formats: readonly TableFileFormat[] = ['binary', 'text'],
): Promise<void> {
  for (const table of SEED_TABLE_NAMES) {
    for (const format of formats) {
      const sql = `COPY ${table} (${SEED_TABLES[table].columns.join(', ')}) TO STDOUT (FORMAT ${format})`;
      await pipeline(client.query(copyTo(sql)), createWriteStream(tableFile(dir, table, format)));
    }
  }
}

/**
 * Baseline (b): the binary files streamed into the tables with COPY (the seeder's statement), in
 * one transaction. `bulk` sets
 * the secondary indexes and foreign keys aside during the load, as the seeder does.
 */
export async function rawCopyLoad(
  client: pg.PoolClient,
  dir: string,
  options: { bulk: boolean },
): Promise<void> {
  await client.query('BEGIN');
  const mode = options.bulk ? await enterBulkLoadMode(client) : undefined;
  for (const table of SEED_TABLE_NAMES) {
    await pipeline(
      createReadStream(tableFile(dir, table, 'binary'), { highWaterMark: 1 << 20 }),
      client.query(copyFrom(copyFromStdinSql(table))),
    );
  }
  await mode?.restore();
  await client.query('COMMIT');
}
