import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { RollbackRefusedError } from '../src/errors.js';
import { withMigrationLock } from '../src/migrations/migration-lock.js';
import {
  resolveRollbackTarget,
  rollbackOrder,
  ROLLBACK_FEATURES,
  type RollbackFeature,
} from '../src/rollbacks/rollback-features.js';
import { runRollbacks } from '../src/rollbacks/rollback-runner.js';
import {
  CREDIT_HINTS_NOTHING_TO_DO,
  CREDIT_HINTS_ROLLBACK,
  CREDIT_HINTS_ROLLBACK_LINES,
  CREDIT_HINTS_ROLLBACK_LOG,
  DISTRIBUTION_MIGRATIONS,
  FEATURE_MIGRATIONS,
  FORWARD_IDS,
  FORWARD_MIGRATIONS,
  INTEGRITY_NOTHING_TO_DO,
  INTEGRITY_ROLLBACKS,
  INTEGRITY_ROLLBACK_LINES,
  INTEGRITY_ROLLBACK_LOG,
  REAPPLIED_AFTER_INTEGRITY,
  catalogText,
  countRows,
  insertRowsEverywhere,
  migrate,
  migrationIds,
  rollbackLog,
  withClient,
} from './feature-rows.js';
import { freshDatabase } from './support.js';

/** What rolling back 030-039 reports on a migrated database holding insertRowsEverywhere's rows. */
const DISTRIBUTION_ROLLBACK_LINES = [
  'rollback 030: put back credit_transactions_pkey PRIMARY KEY (id)',
  'rollback 030: put back usefulness_proofs_pkey PRIMARY KEY (id)',
  'rollback 030: put back negotiations_pkey PRIMARY KEY (id)',
  'rollback 030: put back credit_idempotency_keys_pkey PRIMARY KEY (idempotency_key)',
  'rollback 030: put back agents_pkey PRIMARY KEY (id)',
  'rollback 030: put back credit_transactions_usefulness_proof_id_fkey (usefulness_proof_id) ON DELETE SET NULL',
  'rollback 030: put back index idx_credit_transactions_one_earn_per_proof (usefulness_proof_id) in place of idx_credit_transactions_one_earn_per_agent_proof',
  'rollback 030: restored the body of credit_replay(text,jsonb) from before 035',
  'rollback 030: restored the body of credit_claim_key(text,jsonb) from before 035',
  'rollback 030: restored the body of credit_finish(text,credit_accounts) from before 035',
  'rollback 030: restored the body of credit_earn(text,bigint,text,uuid,uuid,jsonb) from before 035',
  'rollback 030: restored the body of refresh_usefulness_cache_as_of(timestamptz,text) from before 035',
  ...DISTRIBUTION_MIGRATIONS.map(
    (file) =>
      `rollback 030: removed ${file.slice(0, -4)} from the migrations table: the next migrate re-applies it`,
  ),
];

const rollBack = (url: string, target: string, log?: (line: string) => void) =>
  withClient(url, (client) => runRollbacks(client, resolveRollbackTarget(target), { log }));

/** 040, 030-039, then issue 12's rules (015-028), newest first: they build on every feature below them. */
const INTEGRITY_FEATURES = rollbackOrder()
  .filter((feature) => feature.migrationIds.every((id) => id >= 15))
  .map((feature) => feature.name);
const rollBackIntegrity = async (url: string) => {
  for (const name of INTEGRITY_FEATURES) await rollBack(url, name);
};

describe('the rollback order', () => {
  it('is 040, 030, then 027 ... 015, then 014, 013, 012, 011, 010, 008, each feature before the ones it builds on', () => {
    expect(rollbackOrder().map((f) => f.script)).toEqual([
      CREDIT_HINTS_ROLLBACK,
      '030_rollback_distribution_ready_keys.sql',
      ...INTEGRITY_ROLLBACKS,
      '014_rollback_usefulness_cache_refresh_as_of.sql',
      '013_rollback_usefulness_cache_refresh.sql',
      '012_rollback_credit_operations.sql',
      '011_rollback_negotiation_sessions.sql',
      '010_rollback_credit_ledger.sql',
      '008_rollback_usefulness.sql',
    ]);
  });

  it('puts a newly registered feature before the one it builds on, from one entry', () => {
    const later: RollbackFeature = {
      name: 'credit-statements',
      script: '015_rollback_credit_statements.sql',
      migrationIds: [15],
      buildsOn: ['credit-operations'],
      drops: 'credit statements',
    };
    expect(rollbackOrder([...ROLLBACK_FEATURES, later]).map((f) => f.name)).toEqual([
      ...INTEGRITY_FEATURES,
      'credit-statements',
      'usefulness-cache-refresh-as-of',
      'usefulness-cache-refresh',
      'credit-operations',
      'negotiations',
      'credit-ledger',
      'usefulness',
    ]);
    // Numbered below the feature it builds on, it still goes first.
    const lowNumbered = { ...later, script: '001_rollback_credit_statements.sql' };
    expect(rollbackOrder([lowNumbered, ...ROLLBACK_FEATURES]).map((f) => f.name)).toEqual([
      ...INTEGRITY_FEATURES,
      'usefulness-cache-refresh-as-of',
      'usefulness-cache-refresh',
      'negotiations',
      'credit-statements',
      'credit-operations',
      'credit-ledger',
      'usefulness',
    ]);
  });

  it('rejects an unknown target naming the valid ones', () => {
    expect(() => resolveRollbackTarget('ledger')).toThrow(
      /Unknown rollback "ledger". Choose one of: credit-error-hints, distribution-ready-keys, json-shape-rules, identity-rules, blank-idempotency-key-rules, time-rules, negotiation-state-machine, service-role, one-payout-per-proof, existing-row-check, usefulness-cache-refresh-as-of, usefulness-cache-refresh, credit-operations, negotiations, credit-ledger, usefulness, all/,
    );
  });
});

describe('runRollbacks', () => {
  it('rolls back all, twice, keeps the agents, leaves only 001 and 002, and migrate restores a fresh catalog', async () => {
    const db = await freshDatabase('migrated');
    const fresh = await catalogText(db.pool);
    await insertRowsEverywhere(db.pool);

    const first = await rollBack(db.url, 'all');
    expect(first.map((r) => r.feature)).toEqual([
      ...INTEGRITY_FEATURES,
      'usefulness-cache-refresh-as-of',
      'usefulness-cache-refresh',
      'credit-operations',
      'negotiations',
      'credit-ledger',
      'usefulness',
    ]);
    expect(first.flatMap((r) => r.lines)).toEqual([
      ...CREDIT_HINTS_ROLLBACK_LINES,
      ...DISTRIBUTION_ROLLBACK_LINES,
      ...INTEGRITY_ROLLBACK_LINES,
      "rollback 014: restored 013's refresh_usefulness_cache(text), which uses now() again",
      'rollback 014: dropped function refresh_usefulness_cache_as_of(timestamptz, text) (the cached scores stay)',
      'rollback 014: removed 014_add_usefulness_cache_refresh_as_of from the migrations table: the next migrate re-applies it',
      'rollback 013: dropped function refresh_usefulness_cache(text) (the cached scores stay)',
      'rollback 013: removed 013_add_usefulness_cache_refresh from the migrations table: the next migrate re-applies it',
      'rollback 012: dropped functions credit_deposit, credit_earn, credit_reserve, credit_release, credit_spend, credit_begin, credit_finish, credit_check_arguments, credit_check_headroom, credit_check_available, credit_check_reserved, credit_replay, credit_replay_claimed, credit_lock_account, credit_claim_key',
      'rollback 012: dropped table credit_idempotency_keys (1 row lost), with its indexes',
      'rollback 012: dropped column credit_transactions.idempotency_key (its value in 1 row lost; the rows stay)',
      'rollback 012: removed 012_add_credit_operations from the migrations table: the next migrate re-applies it',
      'rollback 011: dropped table negotiations (2 rows lost), with its indexes and trigger trg_negotiations_update',
      'rollback 011: dropped function update_negotiations_timestamp()',
      'rollback 011: dropped function expire_stale_negotiations()',
      'rollback 011: removed 004_add_negotiation_sessions from the migrations table: the next migrate re-applies it',
      'rollback 010: dropped table credit_transactions (3 rows lost), with its indexes',
      'rollback 010: dropped table credit_accounts (1 row lost), with its index and trigger trg_credit_accounts_update',
      'rollback 010: dropped function update_credit_accounts_timestamp()',
      'rollback 010: removed 009_add_credit_ledger from the migrations table: the next migrate re-applies it',
      'rollback 008: dropped table usefulness_proofs (2 rows lost), with its indexes',
      'rollback 008: dropped index idx_agents_usefulness',
      'rollback 008: dropped agents columns usefulness_score_cached, usefulness_last_updated with agents_usefulness_score_cached_check (their values in 3 agents rows lost; the rows stay)',
      'rollback 008: removed 006_add_usefulness_proofs from the migrations table: the next migrate re-applies it',
      'rollback 008: removed 007_add_usefulness_to_agents from the migrations table: the next migrate re-applies it',
    ]);
    const second = await rollBack(db.url, 'all');
    expect(second.flatMap((r) => r.lines)).toEqual([
      CREDIT_HINTS_NOTHING_TO_DO,
      'rollback 030: nothing to do: the distribution-ready keys are already rolled back',
      ...INTEGRITY_NOTHING_TO_DO,
      'rollback 014: nothing to do: the as-of usefulness cache refresh is already rolled back',
      'rollback 013: nothing to do: the usefulness cache refresh is already rolled back',
      'rollback 012: nothing to do: the credit operations are already rolled back',
      'rollback 011: nothing to do: negotiations is already rolled back',
      'rollback 010: nothing to do: the credit ledger is already rolled back',
      'rollback 008: nothing to do: usefulness is already rolled back',
    ]);
    expect(await migrationIds(db.pool)).toEqual([0, 1, 2]);
    expect(await countRows(db.pool, ['agents', 'trust_scores'])).toEqual({
      agents: 3,
      trust_scores: 2,
    });

    expect(await migrate(db.url)).toEqual(FEATURE_MIGRATIONS);
    expect(await catalogText(db.pool)).toEqual(fresh);
  });

  it.each([
    [['negotiations'], ['004_add_negotiation_sessions.sql'], ['negotiations']],
    [['credit-operations'], ['012_add_credit_operations.sql'], ['credit_idempotency_keys']],
    [
      ['credit-operations', 'credit-ledger'],
      ['009_add_credit_ledger.sql', '012_add_credit_operations.sql'],
      ['credit_accounts', 'credit_transactions', 'credit_idempotency_keys'],
    ],
    [['usefulness-cache-refresh-as-of'], ['014_add_usefulness_cache_refresh_as_of.sql'], []],
    [
      ['usefulness-cache-refresh-as-of', 'usefulness-cache-refresh'],
      ['013_add_usefulness_cache_refresh.sql', '014_add_usefulness_cache_refresh_as_of.sql'],
      [],
    ],
    [[], [], []],
  ])(
    'rolls back only %j (after the rules of 015-028): other tables keep their rows, and migrate re-applies %j and those rules to a fresh catalog',
    async (targets, files, dropped) => {
      const db = await freshDatabase('migrated');
      const fresh = await catalogText(db.pool);
      await insertRowsEverywhere(db.pool);
      const before = await countRows(db.pool);
      await rollBackIntegrity(db.url);
      for (const target of targets) await rollBack(db.url, target);
      const after = await countRows(db.pool);
      for (const table of Object.keys(before)) {
        expect(after[table], table).toBe(dropped.includes(table) ? null : before[table]);
      }
      expect(await migrate(db.url)).toEqual([...files, ...REAPPLIED_AFTER_INTEGRITY]);
      expect(await catalogText(db.pool)).toEqual(fresh);
    },
  );

  it('rolls back usefulness once everything built on it is gone; migrate re-applies it all', async () => {
    const db = await freshDatabase('migrated');
    const fresh = await catalogText(db.pool);
    await insertRowsEverywhere(db.pool);
    await rollBackIntegrity(db.url);
    await rollBack(db.url, 'usefulness-cache-refresh-as-of');
    await rollBack(db.url, 'usefulness-cache-refresh');
    await rollBack(db.url, 'credit-operations');
    await rollBack(db.url, 'credit-ledger');
    await rollBack(db.url, 'usefulness');
    expect(await countRows(db.pool)).toEqual({
      agents: 3,
      trust_scores: 2,
      negotiations: 2,
      usefulness_proofs: null,
      credit_accounts: null,
      credit_transactions: null,
      credit_idempotency_keys: null,
    });
    // Everything from 006 on: usefulness and every feature that builds on it.
    expect(await migrate(db.url)).toEqual(
      FORWARD_MIGRATIONS.slice(FORWARD_MIGRATIONS.indexOf('006_add_usefulness_proofs.sql')),
    );
    expect(await catalogText(db.pool)).toEqual(fresh);
  });

  it('refuses usefulness while the credit ledger is present, and changes nothing', async () => {
    const db = await freshDatabase('migrated');
    await insertRowsEverywhere(db.pool);
    const before = [await catalogText(db.pool), await countRows(db.pool)];
    const error = await rollBack(db.url, 'usefulness').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackRefusedError);
    expect((error as RollbackRefusedError).feature).toBe('usefulness');
    // The runner refuses before the script runs: features that build on usefulness are applied.
    expect((error as Error).message).toMatch(
      /^Refusing to roll back usefulness \(008\): .*credit-ledger.* build on it and are still applied\. Nothing was changed\. Roll back .* first, or roll back all\.$/,
    );
    expect([await catalogText(db.pool), await countRows(db.pool)]).toEqual(before);
    expect(await migrationIds(db.pool)).toEqual([0, ...FORWARD_IDS]);
  });

  it('refuses a feature that a feature still applied builds on, before its script runs', async () => {
    const db = await freshDatabase('migrated');
    await insertRowsEverywhere(db.pool);
    const before = [await catalogText(db.pool), await countRows(db.pool)];
    const error = await rollBack(db.url, 'negotiations').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackRefusedError);
    expect((error as Error).message).toBe(
      'Refusing to roll back negotiations (011): distribution-ready-keys, json-shape-rules, time-rules, negotiation-state-machine, service-role build on it and are still applied. Nothing was changed. Roll back distribution-ready-keys, json-shape-rules, time-rules, negotiation-state-machine, service-role first, or roll back all.',
    );
    expect([await catalogText(db.pool), await countRows(db.pool)]).toEqual(before);
    expect(await migrationIds(db.pool)).toEqual([0, ...FORWARD_IDS]);
  });

  it('stops `all` at a refusal and says which features stay rolled back', async () => {
    const db = await freshDatabase('migrated');
    await db.pool.query(`CREATE FUNCTION total_credit() RETURNS bigint LANGUAGE plpgsql AS $$
      BEGIN RETURN (SELECT sum(balance) FROM credit_accounts); END $$`);
    const error = await rollBack(db.url, 'all').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackRefusedError);
    expect((error as RollbackRefusedError).feature).toBe('credit-ledger');
    expect((error as Error).message).toMatch(
      /function total_credit\(\) still uses it\. Nothing was changed\..*staying rolled back: credit-error-hints, distribution-ready-keys, json-shape-rules, identity-rules, blank-idempotency-key-rules, time-rules, negotiation-state-machine, service-role, one-payout-per-proof, existing-row-check, usefulness-cache-refresh-as-of, usefulness-cache-refresh, credit-operations, negotiations\.$/,
    );
    expect(await migrationIds(db.pool)).toEqual([0, 1, 2, 6, 7, 9]);
    expect(await rollbackLog(db.pool)).toEqual([
      CREDIT_HINTS_ROLLBACK_LOG,
      ...DISTRIBUTION_MIGRATIONS.map(
        (file) =>
          `${Number(file.slice(0, 3))} ${file.slice(4, -4)} 030_rollback_distribution_ready_keys.sql`,
      ),
      ...INTEGRITY_ROLLBACK_LOG,
      '14 add_usefulness_cache_refresh_as_of 014_rollback_usefulness_cache_refresh_as_of.sql',
      '13 add_usefulness_cache_refresh 013_rollback_usefulness_cache_refresh.sql',
      '12 add_credit_operations 012_rollback_credit_operations.sql',
      '4 add_negotiation_sessions 011_rollback_negotiation_sessions.sql',
    ]);
  });

  it('does nothing on an empty database', async () => {
    const db = await freshDatabase('empty');
    const done = await rollBack(db.url, 'all');
    expect(done.flatMap((r) => r.lines)).toEqual([
      CREDIT_HINTS_NOTHING_TO_DO,
      'rollback 030: nothing to do: the distribution-ready keys are already rolled back',
      ...INTEGRITY_NOTHING_TO_DO,
      'rollback 014: nothing to do: the as-of usefulness cache refresh is already rolled back',
      'rollback 013: nothing to do: the usefulness cache refresh is already rolled back',
      'rollback 012: nothing to do: the credit operations are already rolled back',
      'rollback 011: nothing to do: negotiations is already rolled back',
      'rollback 010: nothing to do: the credit ledger is already rolled back',
      'rollback 008: nothing to do: usefulness is already rolled back',
    ]);
    expect(await catalogText(db.pool)).toEqual('\n');
  });

  it('waits for a migration run holding the advisory lock', async () => {
    const db = await freshDatabase('migrated');
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    let release!: () => void;
    const held = withMigrationLock(holder, () => new Promise<void>((r) => (release = r)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines: string[] = [];
    let finished = false;
    const rollback = rollBack(db.url, 'distribution-ready-keys', (line) =>
      lines.push(line),
    ).finally(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(finished).toBe(false);
    expect(lines).toEqual(['A migration or rollback holds the lock; waiting for it to finish...']);
    expect(await migrationIds(db.pool)).toContain(35);
    release();
    await held;
    await holder.end();
    expect((await rollback).map((r) => r.feature)).toEqual(['distribution-ready-keys']);
    expect(await migrationIds(db.pool)).not.toContain(35);
  });
});
