import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { formatCatalogSnapshot, readCatalogSnapshot } from '../src/catalog-snapshot.js';
import { runMigrations } from '../src/migration-runner.js';
import { ROLLBACKS_DIR } from '../src/workspace-paths.js';
import { insertAgent } from './support.js';
import { withClient } from '../src/testing/with-client.js';

export { withClient };

type Client = pg.Pool | pg.PoolClient;

/** Every forward migration, in the order the runner applies them. */
export const FORWARD_MIGRATIONS = [
  '001_add_agent_registration_fields.sql',
  '002_add_trust_scores.sql',
  '004_add_negotiation_sessions.sql',
  '006_add_usefulness_proofs.sql',
  '007_add_usefulness_to_agents.sql',
  '009_add_credit_ledger.sql',
  '012_add_credit_operations.sql',
  '013_add_usefulness_cache_refresh.sql',
  '014_add_usefulness_cache_refresh_as_of.sql',
  '030_add_usefulness_proofs_agent_key.sql',
  '031_add_credit_transactions_agent_key.sql',
  '032_add_negotiations_initiator_key.sql',
  '033_add_credit_idempotency_keys_agent_key.sql',
  '034_add_agents_did_primary_key_index.sql',
  '035_make_keys_distribution_ready.sql',
  '036_validate_credit_transactions_proof_fkey.sql',
  '037_scope_credit_functions_per_agent.sql',
  '038_distribute_on_citus.sql',
];

/** 030-038: the distribution-ready keys (one rollback feature, rolled back before the others). */
export const DISTRIBUTION_MIGRATIONS = FORWARD_MIGRATIONS.slice(9);

/** The files `pnpm migrate` applies again after every feature was rolled back (all but 001, 002). */
export const FEATURE_MIGRATIONS = FORWARD_MIGRATIONS.slice(2);

/** Runs the migration runner; resolves to the files it applied. */
export function migrate(url: string): Promise<string[]> {
  return withClient(url, async (client) => (await runMigrations(client)).map((m) => m.fileName));
}

/** Every table the forward migrations create, in dependency order. */
export const ALL_TABLES = [
  'agents',
  'trust_scores',
  'negotiations',
  'usefulness_proofs',
  'credit_accounts',
  'credit_transactions',
  'credit_idempotency_keys',
] as const;

/**
 * Rows in every table: 3 agents, 2 trust scores, 2 negotiations, 2 proofs, 1 account, 3 transactions
 * (the last written by credit_spend) and that spend's idempotency key.
 */
export async function insertRowsEverywhere(client: Client): Promise<void> {
  const [a, b, c] = [
    await insertAgent(client),
    await insertAgent(client),
    await insertAgent(client),
  ];
  await client.query('INSERT INTO trust_scores (agent_did) VALUES ($1), ($2)', [a, b]);
  await client.query(
    `INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at)
     VALUES (gen_random_uuid(), $1, $2, now() + interval '1 day'),
            (gen_random_uuid(), $2, $3, now() + interval '1 day')`,
    [a, b, c],
  );
  const proofs = await client.query<{ id: string }>(
    `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
     VALUES (gen_random_uuid(), $1, 'compute', 70), (gen_random_uuid(), $2, 'memory', 30)
     RETURNING id`,
    [a, b],
  );
  await client.query(`UPDATE agents SET usefulness_score_cached = 50 WHERE did = $1`, [a]);
  await client.query('INSERT INTO credit_accounts (agent_did, balance) VALUES ($1, 5000)', [a]);
  await client.query(
    `INSERT INTO credit_transactions (agent_did, tx_type, amount, usefulness_proof_id)
     VALUES ($1, 'deposit', 4000, NULL), ($1, 'earn', 1000, $2)`,
    [a, proofs.rows[0]?.id],
  );
  await client.query(`SELECT credit_spend($1, 500, 'feature-rows-spend')`, [a]);
}

/** Row counts of the given tables; a missing table counts as null. */
export async function countRows(
  client: Client,
  tables: readonly string[] = ALL_TABLES,
): Promise<Record<string, number | null>> {
  const counts: Record<string, number | null> = {};
  for (const table of tables) {
    const { rows } = await client.query<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [table],
    );
    counts[table] = rows[0]?.present
      ? Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)
      : null;
  }
  return counts;
}

export async function catalogText(client: Client): Promise<string> {
  return formatCatalogSnapshot(await readCatalogSnapshot(client));
}

export async function migrationIds(client: Client): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>('SELECT id FROM migrations ORDER BY id');
  return rows.map((row) => row.id);
}

export async function rollbackLog(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ entry: string }>(
    `SELECT format('%s %s %s', migration_id, name, rollback_file) AS entry
       FROM migration_rollbacks ORDER BY rolled_back_at, migration_id`,
  );
  return rows.map((row) => row.entry);
}

/**
 * Runs a rollback script the way `psql -f` would: its whole text as one query on its own
 * connection. Resolves to the error the server raised, if any.
 */
export async function runScriptByHand(
  url: string,
  script: string,
): Promise<(Error & { code?: string }) | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(await readFile(path.join(ROLLBACKS_DIR, script), 'utf8'));
    return undefined;
  } catch (error) {
    return error as Error & { code?: string };
  } finally {
    await client.end();
  }
}
