import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import type pg from 'pg';
import { SEED_TABLE_NAMES, SEED_TABLES } from '../src/seed-tables.js';
import { tableFile } from './table-files.js';

const UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** One COPY text line back into column values (strings, or null for \N). */
export function parseCopyLine(line: string): (string | null)[] {
  return line
    .split('\t')
    .map((field) =>
      field === '\\N' ? null : field.replace(/\\([\\tnr])/g, (_, c: string) => UNESCAPES[c]!),
    );
}

/**
 * Baseline (c): a simple loader, one parameterised INSERT per row, in one transaction, with a
 * prepared statement per table so PostgreSQL plans each statement once.
 */
export async function rowInsertLoad(client: pg.PoolClient, dir: string): Promise<void> {
  await client.query('BEGIN');
  for (const table of SEED_TABLE_NAMES) {
    const columns = SEED_TABLES[table].columns;
    const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
    const lines = readline.createInterface({ input: createReadStream(tableFile(dir, table)) });
    for await (const line of lines) {
      await client.query({ name: `insert_${table}`, text, values: parseCopyLine(line) });
    }
  }
  await client.query('COMMIT');
}
