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

export const tableFile = (dir: string, table: SeedTableName) => path.join(dir, `${table}.copy`);

/** Writes each seeded table to `<dir>/<table>.copy` in COPY text format, in the seeder's column order. */
export async function dumpTables(client: pg.PoolClient, dir: string): Promise<void> {
  for (const table of SEED_TABLE_NAMES) {
    const sql = `COPY ${table} (${SEED_TABLES[table].columns.join(', ')}) TO STDOUT`;
    await pipeline(client.query(copyTo(sql)), createWriteStream(tableFile(dir, table)));
  }
}

/**
 * Baseline (b): the files streamed into the tables with COPY, in one transaction. `bulk` sets
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
      createReadStream(tableFile(dir, table), { highWaterMark: 1 << 20 }),
      client.query(copyFrom(copyFromStdinSql(table))),
    );
  }
  await mode?.restore();
  await client.query('COMMIT');
}
