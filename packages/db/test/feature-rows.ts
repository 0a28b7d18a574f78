import path from 'node:path';
import pg from 'pg';
import { formatCatalogSnapshot, readCatalogSnapshot } from '../src/codegen/catalog-snapshot.js';
import { DATA_TABLES_IN_FOREIGN_KEY_ORDER } from '../src/index.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { readSqlScript } from '../src/sql-scripts/sql-includes.js';
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
  '015_add_existing_row_check.sql',
  '016_add_one_payout_per_proof.sql',
  '017_add_one_payout_per_proof_index.sql',
  '018_add_service_role.sql',
  '019_add_negotiation_state_machine.sql',
  '020_validate_negotiation_state_machine.sql',
  '021_add_time_rules.sql',
  '022_validate_time_rules.sql',
  '023_add_blank_idempotency_key_rules.sql',
  '024_validate_blank_idempotency_key_rules.sql',
  '025_add_identity_rules.sql',
  '026_validate_identity_rules.sql',
  '027_add_json_shape_rules.sql',
  '028_validate_json_shape_rules.sql',
  '030_add_usefulness_proofs_agent_key.sql',
  '031_add_credit_transactions_agent_key.sql',
  '032_add_negotiations_initiator_key.sql',
  '033_add_credit_idempotency_keys_agent_key.sql',
  '034_add_agents_did_primary_key_index.sql',
  '035_make_keys_distribution_ready.sql',
  '036_validate_credit_transactions_proof_fkey.sql',
  '037_add_one_payout_per_proof_agent_index.sql',
  '038_drop_one_payout_per_proof_index.sql',
  '039_distribute_on_citus.sql',
  '040_add_credit_error_hints.sql',
  '041_inline_json_shape_checks.sql',
];

/** Their ids, as the `migrations` table lists them (after postgres-migrations' own row 0). */
export const FORWARD_IDS = FORWARD_MIGRATIONS.map((file) => Number.parseInt(file, 10));

/** The migrations of issue 12's rules (015-028), built on everything before them. */
export const INTEGRITY_MIGRATIONS = FORWARD_MIGRATIONS.filter(
  (file) => Number.parseInt(file, 10) >= 15 && Number.parseInt(file, 10) < 30,
);

/** Their rollback scripts, newest first: the order that lets 014 and below be rolled back next. */
export const INTEGRITY_ROLLBACKS = [
  '027_rollback_json_shape_rules.sql',
  '025_rollback_identity_rules.sql',
  '023_rollback_blank_idempotency_key_rules.sql',
  '021_rollback_time_rules.sql',
  '019_rollback_negotiation_state_machine.sql',
  '018_rollback_service_role.sql',
  '016_rollback_one_payout_per_proof.sql',
  '015_rollback_existing_row_check.sql',
];

/** What rolling back all of issue 12's rules prints, on a migrated database. */
export const INTEGRITY_ROLLBACK_LINES = [
  "rollback 027: restored 012's credit_begin (credit metadata is no longer checked)",
  'rollback 027: dropped constraint negotiations.negotiations_rounds_shape (the rows stay)',
  'rollback 027: dropped constraint negotiations.negotiations_current_proposal_shape (the rows stay)',
  'rollback 027: dropped constraint negotiations.negotiations_final_proposal_shape (the rows stay)',
  'rollback 027: dropped constraint negotiations.negotiations_incentive_split_shape (the rows stay)',
  'rollback 027: dropped constraint usefulness_proofs.usefulness_proofs_metrics_shape (the rows stay)',
  'rollback 027: dropped constraint credit_transactions.credit_transactions_metadata_shape (the rows stay)',
  'rollback 027: dropped functions credit_check_metadata, transaction_metadata_valid, usefulness_metrics_valid and negotiation_incentive_split_valid',
  'rollback 027: dropped function usefulness_metric_valid (041)',
  'rollback 027: removed 027_add_json_shape_rules from the migrations table: the next migrate re-applies it',
  'rollback 027: removed 028_validate_json_shape_rules from the migrations table: the next migrate re-applies it',
  'rollback 027: removed 041_inline_json_shape_checks from the migrations table: the next migrate re-applies it',
  'rollback 025: dropped constraint agents.agents_did_syntax (the rows stay)',
  'rollback 025: dropped constraint agents.agents_public_key_format (the rows stay)',
  'rollback 025: dropped constraint agents.agents_capabilities_format (the rows stay)',
  'rollback 025: dropped function agent_capabilities_valid(text[])',
  'rollback 025: removed 025_add_identity_rules from the migrations table: the next migrate re-applies it',
  'rollback 025: removed 026_validate_identity_rules from the migrations table: the next migrate re-applies it',
  "rollback 023: restored 012's credit_check_arguments (a whitespace-only key is accepted again)",
  'rollback 023: dropped constraint credit_idempotency_keys.credit_idempotency_keys_key_not_blank (the rows stay)',
  'rollback 023: dropped constraint credit_transactions.credit_transactions_idempotency_key_not_blank (the rows stay)',
  'rollback 023: removed 023_add_blank_idempotency_key_rules from the migrations table: the next migrate re-applies it',
  'rollback 023: removed 024_validate_blank_idempotency_key_rules from the migrations table: the next migrate re-applies it',
  'rollback 021: dropped constraint agents.agents_timestamps_finite (the rows stay)',
  'rollback 021: dropped constraint agents.agents_expires_after_created (the rows stay)',
  'rollback 021: dropped constraint agents.agents_last_seen_after_created (the rows stay)',
  'rollback 021: dropped constraint trust_scores.trust_scores_timestamps_finite (the rows stay)',
  'rollback 021: dropped constraint negotiations.negotiations_timestamps_finite (the rows stay)',
  'rollback 021: dropped constraint negotiations.negotiations_expires_after_created (the rows stay)',
  'rollback 021: dropped constraint usefulness_proofs.usefulness_proofs_timestamps_finite (the rows stay)',
  'rollback 021: dropped constraint credit_accounts.credit_accounts_timestamps_finite (the rows stay)',
  'rollback 021: dropped constraint credit_transactions.credit_transactions_timestamps_finite (the rows stay)',
  'rollback 021: dropped constraint credit_idempotency_keys.credit_idempotency_keys_timestamps_finite (the rows stay)',
  'rollback 021: removed 021_add_time_rules from the migrations table: the next migrate re-applies it',
  'rollback 021: removed 022_validate_time_rules from the migrations table: the next migrate re-applies it',
  'rollback 019: dropped trigger trg_negotiations_state_machine and negotiations_check_transition()',
  'rollback 019: dropped constraint negotiations.negotiations_final_proposal_when_accepted (the rows stay)',
  'rollback 019: removed 019_add_negotiation_state_machine from the migrations table: the next migrate re-applies it',
  'rollback 019: removed 020_validate_negotiation_state_machine from the migrations table: the next migrate re-applies it',
  'rollback 018: dropped the append-only triggers of credit_transactions',
  'rollback 018: made credit_deposit(text,bigint,text,jsonb) SECURITY INVOKER again, callable by every role',
  'rollback 018: made credit_earn(text,bigint,text,uuid,uuid,jsonb) SECURITY INVOKER again, callable by every role',
  'rollback 018: made credit_reserve(text,bigint,text,uuid,jsonb) SECURITY INVOKER again, callable by every role',
  'rollback 018: made credit_release(text,bigint,text,uuid,jsonb) SECURITY INVOKER again, callable by every role',
  'rollback 018: made credit_spend(text,bigint,text,boolean,uuid,jsonb) SECURITY INVOKER again, callable by every role',
  'rollback 018: revoked every privilege of role ainp_app in this database (the role stays: roles belong to the whole server)',
  'rollback 018: removed 018_add_service_role from the migrations table: the next migrate re-applies it',
  "rollback 016: restored 012's credit_earn (a proof can be paid more than once again)",
  'rollback 016: dropped index idx_credit_transactions_one_earn_per_proof',
  'rollback 016: removed 016_add_one_payout_per_proof from the migrations table: the next migrate re-applies it',
  'rollback 016: removed 017_add_one_payout_per_proof_index from the migrations table: the next migrate re-applies it',
  'rollback 015: dropped functions add_check_not_valid and assert_no_violating_rows (the rules they added stay)',
  'rollback 015: removed 015_add_existing_row_check from the migrations table: the next migrate re-applies it',
];

/** What it prints when they are already rolled back. */
export const INTEGRITY_NOTHING_TO_DO = [
  'rollback 027: nothing to do: the JSON shape rules are already rolled back',
  'rollback 025: nothing to do: the identity rules are already rolled back',
  'rollback 023: nothing to do: the blank idempotency key rules are already rolled back',
  'rollback 021: nothing to do: the time rules are already rolled back',
  'rollback 019: nothing to do: the negotiation state machine is already rolled back',
  'rollback 018: nothing to do: the service role is already rolled back',
  'rollback 016: nothing to do: one payout per proof is already rolled back',
  'rollback 015: nothing to do: the existing-row check helpers are already rolled back',
];

/** The migration_rollbacks rows it writes, in order (`id name script`). */
export const INTEGRITY_ROLLBACK_LOG = [
  '27 add_json_shape_rules 027_rollback_json_shape_rules.sql',
  '28 validate_json_shape_rules 027_rollback_json_shape_rules.sql',
  '41 inline_json_shape_checks 027_rollback_json_shape_rules.sql',
  '25 add_identity_rules 025_rollback_identity_rules.sql',
  '26 validate_identity_rules 025_rollback_identity_rules.sql',
  '23 add_blank_idempotency_key_rules 023_rollback_blank_idempotency_key_rules.sql',
  '24 validate_blank_idempotency_key_rules 023_rollback_blank_idempotency_key_rules.sql',
  '21 add_time_rules 021_rollback_time_rules.sql',
  '22 validate_time_rules 021_rollback_time_rules.sql',
  '19 add_negotiation_state_machine 019_rollback_negotiation_state_machine.sql',
  '20 validate_negotiation_state_machine 019_rollback_negotiation_state_machine.sql',
  '18 add_service_role 018_rollback_service_role.sql',
  '16 add_one_payout_per_proof 016_rollback_one_payout_per_proof.sql',
  '17 add_one_payout_per_proof_index 016_rollback_one_payout_per_proof.sql',
  '15 add_existing_row_check 015_rollback_existing_row_check.sql',
];

/** 040: the credit error hints, rolled back before every other feature (nothing builds on them). */
export const CREDIT_HINTS_ROLLBACK = '040_rollback_credit_error_hints.sql';
export const CREDIT_HINTS_MIGRATION = '040_add_credit_error_hints.sql';

/** What rolling them back prints, on a migrated database. */
export const CREDIT_HINTS_ROLLBACK_LINES = [
  ...[
    ['credit_check_arguments', 'AC005'],
    ['credit_check_headroom', 'AC005'],
    ['credit_check_available', 'AC001'],
    ['credit_check_reserved', 'AC003'],
  ].map(
    ([fn, code]) =>
      `rollback 040: restored the body of ${fn} from before 040 (${code} comes without a HINT again)`,
  ),
  'rollback 040: removed 040_add_credit_error_hints from the migrations table: the next migrate re-applies it',
];

/** What it prints when they are already rolled back, and the migration_rollbacks row it writes. */
export const CREDIT_HINTS_NOTHING_TO_DO =
  'rollback 040: nothing to do: the credit error hints are already rolled back';
export const CREDIT_HINTS_ROLLBACK_LOG =
  '40 add_credit_error_hints 040_rollback_credit_error_hints.sql';

/** 030-039: the distribution-ready keys (one rollback feature, rolled back before the others). */
export const DISTRIBUTION_MIGRATIONS = FORWARD_MIGRATIONS.filter(
  (file) => Number.parseInt(file, 10) >= 30 && Number.parseInt(file, 10) < 40,
);

/** 041: inlined JSON shape checks, part of the json-shape-rules rollback feature (027's). */
export const JSON_SHAPE_INLINED_MIGRATION = '041_inline_json_shape_checks.sql';

/** What `pnpm migrate` applies again after rollBackIntegrity(), in order: 015-028, 030-041. */
export const REAPPLIED_AFTER_INTEGRITY = [
  ...INTEGRITY_MIGRATIONS,
  ...DISTRIBUTION_MIGRATIONS,
  CREDIT_HINTS_MIGRATION,
  JSON_SHAPE_INLINED_MIGRATION,
];

/** The files `pnpm migrate` applies again after every feature was rolled back (all but 001, 002). */
export const FEATURE_MIGRATIONS = FORWARD_MIGRATIONS.slice(2);

/** Runs the migration runner; resolves to the files it applied. */
export function migrate(url: string): Promise<string[]> {
  return withClient(url, async (client) => (await runMigrations(client)).map((m) => m.fileName));
}

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
  tables: readonly string[] = DATA_TABLES_IN_FOREIGN_KEY_ORDER,
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
 * Rolls back the credit error hints (040), the distribution-ready keys (030-039, which build on
 * every feature) and then issue 12's rules by hand, so a test can work on the features below them.
 */
export async function rollBackIntegrity(url: string): Promise<void> {
  for (const script of [
    CREDIT_HINTS_ROLLBACK,
    '030_rollback_distribution_ready_keys.sql',
    ...INTEGRITY_ROLLBACKS,
  ]) {
    const error = await runScriptByHand(url, script);
    if (error !== undefined) throw error;
  }
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
    // psql -f expands the script's \ir includes; so does readSqlScript.
    await client.query(await readSqlScript(path.join(ROLLBACKS_DIR, script)));
    return undefined;
  } catch (error) {
    return error as Error & { code?: string };
  } finally {
    await client.end();
  }
}
