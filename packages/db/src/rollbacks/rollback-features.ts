import { UsageError } from '../errors.js';

/** A feature an emergency rollback script removes. */
export interface RollbackFeature {
  /** What `pnpm rollback <name>` calls it. */
  readonly name: string;
  /** The script in packages/db/rollbacks/, numbered as in the spec. */
  readonly script: string;
  /** The forward migrations it undoes; the script deletes their rows from `migrations`. */
  readonly migrationIds: readonly number[];
  /** Features this one builds on: it must be rolled back before them. */
  readonly buildsOn: readonly string[];
  /** What it drops, for the confirmation prompt. */
  readonly drops: string;
}

/**
 * Every rollback, in one place. Adding a feature is one entry here plus its script: `all` and the
 * order follow from `buildsOn`.
 */
export const ROLLBACK_FEATURES: readonly RollbackFeature[] = [
  {
    name: 'credit-error-hints',
    script: '040_rollback_credit_error_hints.sql',
    migrationIds: [40],
    // It replaced the bodies of 023's credit_check_arguments and 012's other credit checks.
    buildsOn: ['blank-idempotency-key-rules', 'credit-operations'],
    drops:
      "the HINTs of AC001, AC003 and AC005 (023's and 012's bodies of the four credit checks come back; no table or row changes)",
  },
  {
    name: 'distribution-ready-keys',
    script: '030_rollback_distribution_ready_keys.sql',
    migrationIds: [30, 31, 32, 33, 34, 35, 36, 37, 38, 39],
    // The keys and functions 035 changed belong to these features' tables; it rewrote 016's
    // credit_earn (keeping 018's options), and 037-038 replaced 017's index.
    buildsOn: [
      'json-shape-rules',
      'identity-rules',
      'blank-idempotency-key-rules',
      'time-rules',
      'negotiation-state-machine',
      'service-role',
      'one-payout-per-proof',
      'usefulness-cache-refresh-as-of',
      'credit-operations',
      'negotiations',
      'credit-ledger',
      'usefulness',
    ],
    drops:
      "the primary keys that include the agent's DID (the old keys on id alone come back, rebuilt in place), the per-agent scope of idempotency keys, 035's function bodies and 037's per-agent index of earned proofs (017's comes back, rebuilt in place; the rows stay); refused on Citus",
  },
  {
    name: 'json-shape-rules',
    script: '027_rollback_json_shape_rules.sql',
    migrationIds: [27, 28, 41],
    // CHECKs on negotiations, usefulness_proofs and credit_transactions; credit_begin is 012's.
    // 041 only rewrote two of 027's check functions, so it goes with them.
    buildsOn: [
      'negotiations',
      'usefulness',
      'credit-ledger',
      'credit-operations',
      'existing-row-check',
    ],
    drops:
      "the JSON shape CHECKs, their functions and the credit metadata check (AC011), and puts back 012's credit_begin (the rows stay)",
  },
  {
    name: 'identity-rules',
    script: '025_rollback_identity_rules.sql',
    migrationIds: [25, 26],
    buildsOn: ['existing-row-check'],
    drops:
      'the DID, public key and capability CHECKs on agents and agent_capabilities_valid() (the agents stay)',
  },
  {
    name: 'blank-idempotency-key-rules',
    script: '023_rollback_blank_idempotency_key_rules.sql',
    migrationIds: [23, 24],
    buildsOn: ['credit-operations', 'existing-row-check'],
    drops:
      "the not-blank CHECKs on idempotency keys, and puts back 012's credit_check_arguments (the rows stay)",
  },
  {
    name: 'time-rules',
    script: '021_rollback_time_rules.sql',
    migrationIds: [21, 22],
    buildsOn: [
      'negotiations',
      'usefulness',
      'credit-ledger',
      'credit-operations',
      'existing-row-check',
    ],
    drops: 'the finite-timestamp and time-order CHECKs (the rows stay)',
  },
  {
    name: 'negotiation-state-machine',
    script: '019_rollback_negotiation_state_machine.sql',
    migrationIds: [19, 20],
    buildsOn: ['negotiations', 'existing-row-check'],
    drops:
      'trigger trg_negotiations_state_machine, negotiations_check_transition() and the final_proposal CHECK (the negotiations stay)',
  },
  {
    name: 'service-role',
    script: '018_rollback_service_role.sql',
    migrationIds: [18],
    // It grants on every table and alters the credit functions (credit_earn as 016 left it).
    buildsOn: [
      'one-payout-per-proof',
      'credit-operations',
      'usefulness-cache-refresh-as-of',
      'negotiations',
    ],
    drops:
      'the append-only triggers on credit_transactions and every privilege of ainp_app in this database; the credit functions become SECURITY INVOKER again (the role stays: it belongs to the whole server)',
  },
  {
    name: 'one-payout-per-proof',
    script: '016_rollback_one_payout_per_proof.sql',
    migrationIds: [16, 17],
    buildsOn: ['credit-operations', 'existing-row-check'],
    drops:
      "index idx_credit_transactions_one_earn_per_proof, and puts back 012's credit_earn (the ledger rows stay)",
  },
  {
    name: 'existing-row-check',
    script: '015_rollback_existing_row_check.sql',
    migrationIds: [15],
    buildsOn: [],
    drops:
      'functions assert_no_violating_rows() and add_check_not_valid() (the rules they added stay)',
  },
  {
    name: 'usefulness-cache-refresh-as-of',
    script: '014_rollback_usefulness_cache_refresh_as_of.sql',
    migrationIds: [14],
    // It rewrote 013's refresh_usefulness_cache() to call it, and reads usefulness_proofs.
    buildsOn: ['usefulness-cache-refresh', 'usefulness'],
    drops:
      "function refresh_usefulness_cache_as_of(timestamptz, text), and puts back 013's refresh_usefulness_cache(text) (the cached scores stay)",
  },
  {
    name: 'usefulness-cache-refresh',
    script: '013_rollback_usefulness_cache_refresh.sql',
    migrationIds: [13],
    // refresh_usefulness_cache() reads usefulness_proofs and writes the agents usefulness columns.
    buildsOn: ['usefulness'],
    drops: 'function refresh_usefulness_cache(text) (the cached scores stay)',
  },
  {
    name: 'credit-operations',
    script: '012_rollback_credit_operations.sql',
    migrationIds: [12],
    // The functions lock and update the ledger; credit_earn reads usefulness_proofs.
    buildsOn: ['credit-ledger', 'usefulness'],
    drops:
      'functions credit_deposit/earn/reserve/release/spend and their helpers, table credit_idempotency_keys and all its rows (which requests already ran), and credit_transactions.idempotency_key (the ledger rows stay)',
  },
  {
    name: 'negotiations',
    script: '011_rollback_negotiation_sessions.sql',
    migrationIds: [4],
    buildsOn: [],
    drops:
      'table negotiations and all its rows, its trigger, update_negotiations_timestamp() and expire_stale_negotiations()',
  },
  {
    name: 'credit-ledger',
    script: '010_rollback_credit_ledger.sql',
    migrationIds: [9],
    // credit_transactions.usefulness_proof_id references usefulness_proofs.
    buildsOn: ['usefulness'],
    drops:
      'tables credit_transactions and credit_accounts and all their rows, their trigger and update_credit_accounts_timestamp()',
  },
  {
    name: 'usefulness',
    script: '008_rollback_usefulness.sql',
    migrationIds: [6, 7],
    buildsOn: [],
    drops:
      'table usefulness_proofs and all its rows, agents.usefulness_score_cached and agents.usefulness_last_updated (the agents rows stay), idx_agents_usefulness',
  },
];

/** What `pnpm rollback` accepts: every feature name, and `all`. */
export const ROLLBACK_TARGETS = [...ROLLBACK_FEATURES.map((feature) => feature.name), 'all'];

/**
 * Every feature in a safe order: each one before the features it builds on. Among features free
 * to go, the highest-numbered script goes first (newest first, as the spec's 011, 010, 008).
 */
export function rollbackOrder(
  features: readonly RollbackFeature[] = ROLLBACK_FEATURES,
): RollbackFeature[] {
  const order: RollbackFeature[] = [];
  const remaining = [...features].sort((a, b) => b.script.localeCompare(a.script));
  while (remaining.length > 0) {
    const next = remaining.findIndex(
      (candidate) => !remaining.some((other) => other.buildsOn.includes(candidate.name)),
    );
    if (next === -1) {
      throw new Error(
        `Rollback features depend on each other in a cycle: ${remaining.map((f) => f.name).join(', ')}`,
      );
    }
    order.push(...remaining.splice(next, 1));
  }
  return order;
}

/** The features `pnpm rollback <target>` runs, in order. */
export function resolveRollbackTarget(
  target: string,
  features: readonly RollbackFeature[] = ROLLBACK_FEATURES,
): RollbackFeature[] {
  if (target === 'all') return rollbackOrder(features);
  const feature = features.find((candidate) => candidate.name === target);
  if (feature === undefined) {
    throw new UsageError(
      `Unknown rollback "${target}". Choose one of: ${[...features.map((f) => f.name), 'all'].join(', ')}. Nothing was changed.`,
    );
  }
  return [feature];
}
