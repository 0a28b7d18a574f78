import type { Queryable } from '@ainp/db';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VERIFY_SQL_DIR } from './verify-paths.js';

/** What sql/index-use-seed.sql generates: at least the sizes the index-use check promises. */
export const SEED_SIZE = {
  agents: 50_000,
  usefulness_proofs: 200_000,
  negotiations: 100_000,
  credit_transactions: 100_000,
} as const;

/** One of the 100 busiest agents in the seed: thousands of proofs, negotiations and transactions. */
export const BUSY_AGENT = 'did:key:z6MkSeed7';

const SEED_FILE = path.join(VERIFY_SQL_DIR, 'index-use-seed.sql');

/**
 * Fills a migrated, empty database with the index-use data and ANALYZEs it. The rows are valid
 * by construction, so where the role may (a superuser: the embedded server, a container, a CI
 * service) foreign-key triggers are skipped for this session to halve the load time; otherwise
 * every row is checked as usual.
 */
export async function seedIndexUseData(client: Queryable): Promise<void> {
  await client.query(`SET session_replication_role = replica`).catch((error: { code?: string }) => {
    if (error.code !== '42501') throw error;
  });
  try {
    await client.query(await readFile(SEED_FILE, 'utf8'));
  } finally {
    await client.query(`RESET session_replication_role`);
  }
}
