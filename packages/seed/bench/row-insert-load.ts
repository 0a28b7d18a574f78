import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import type pg from 'pg';
import { SEED_TABLE_NAMES, SEED_TABLES, type SeedTableName } from '../src/seed-tables.js';
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

/** The columns naming an agent, per table: a row belongs to a sample when all of them are in it. */
const AGENT_COLUMNS: Readonly<Record<SeedTableName, readonly string[]>> = {
  agents: ['did'],
  trust_scores: ['agent_did'],
  usefulness_proofs: ['agent_did'],
  credit_accounts: ['agent_did'],
  credit_transactions: ['agent_did'],
  credit_idempotency_keys: ['agent_did'],
  negotiations: ['initiator_did', 'responder_did'],
};

export interface RowInsertOptions {
  /**
   * true: each INSERT is its own transaction (autocommit), as the simplest loader does it.
   * false: all of them in one transaction, through a prepared statement per table.
   */
  readonly autocommit: boolean;
  /** Load only the rows of the first this-many agents (a sample closed under foreign keys). */
  readonly sampleAgents?: number;
}

/** Baselines (e) and (e'), for information: one parameterised INSERT per row. Returns the rows inserted. */
export async function rowInsertLoad(
  client: pg.PoolClient,
  dir: string,
  options: RowInsertOptions,
): Promise<number> {
  let sample: Set<string> | undefined;
  let inserted = 0;
  if (!options.autocommit) await client.query('BEGIN');
  for (const table of SEED_TABLE_NAMES) {
    const columns = SEED_TABLES[table].columns as readonly string[];
    const agentAt = AGENT_COLUMNS[table].map((column) => columns.indexOf(column));
    const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
    const lines = readline.createInterface({
      input: createReadStream(tableFile(dir, table, 'text')),
    });
    for await (const line of lines) {
      const values = parseCopyLine(line);
      if (options.sampleAgents !== undefined) {
        if (table === 'agents') {
          sample ??= new Set();
          if (sample.size >= options.sampleAgents) continue;
          sample.add(values[agentAt[0]!]!);
        } else if (!agentAt.every((at) => sample?.has(values[at]!))) {
          continue;
        }
      }
      await client.query(
        options.autocommit ? { text, values } : { name: `insert_${table}`, text, values },
      );
      inserted += 1;
    }
  }
  if (!options.autocommit) await client.query('COMMIT');
  return inserted;
}
