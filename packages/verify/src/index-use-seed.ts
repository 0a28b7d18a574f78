import type pg from 'pg';
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

/** One of the 100 busiest agents in the seed: 200 proofs, 200 negotiations, 500 ledger entries. */
export const BUSY_AGENT = 'did:key:z6MkSeed7';

const SEED_FILE = path.join(VERIFY_SQL_DIR, 'index-use-seed.sql');
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * Fills a migrated, empty database with the index-use data and ANALYZEs it. The rows are valid
 * by construction, so where the role may (a superuser: the embedded server, a container, a CI
 * service) foreign-key triggers are skipped for this session to halve the load time; otherwise
 * every row is checked as usual. `client` must be one connection (a session setting is involved),
 * not a pool.
 */
export async function seedIndexUseData(client: pg.ClientBase): Promise<void> {
  const skipForeignKeys = await client.query('SET session_replication_role = replica').then(
    () => true,
    (error: { code?: string }) => {
      if (error.code === INSUFFICIENT_PRIVILEGE) return false;
      throw error;
    },
  );
  try {
    await client.query(await readFile(SEED_FILE, 'utf8'));
  } finally {
    if (skipForeignKeys) await client.query('RESET session_replication_role');
  }
}
