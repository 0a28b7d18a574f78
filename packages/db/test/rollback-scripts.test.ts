import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ROLLBACK_LOG_DDL } from '../src/migrations/migration-history.js';
import { MIGRATION_LOCK_KEY, withMigrationLock } from '../src/migrations/migration-lock.js';
import { ROLLBACK_FEATURES } from '../src/rollbacks/rollback-features.js';
import { ROLLBACKS_DIR } from '../src/workspace-paths.js';
import {
  CREDIT_HINTS_ROLLBACK,
  CREDIT_HINTS_ROLLBACK_LOG,
  DISTRIBUTION_MIGRATIONS,
  FEATURE_MIGRATIONS,
  FORWARD_IDS,
  INTEGRITY_ROLLBACKS,
  INTEGRITY_ROLLBACK_LOG,
  REAPPLIED_AFTER_INTEGRITY,
  catalogText,
  countRows,
  insertRowsEverywhere,
  migrate,
  migrationIds,
  rollBackIntegrity,
  rollbackLog,
  runScriptByHand,
  withClient,
} from './feature-rows.js';
import { freshDatabase } from './support.js';
import { readSqlScript } from '../src/sql-scripts/sql-includes.js';

const SCRIPTS = [
  '008_rollback_usefulness.sql',
  '010_rollback_credit_ledger.sql',
  '011_rollback_negotiation_sessions.sql',
  '012_rollback_credit_operations.sql',
  '013_rollback_usefulness_cache_refresh.sql',
  '014_rollback_usefulness_cache_refresh_as_of.sql',
  ...[...INTEGRITY_ROLLBACKS].reverse(),
  '030_rollback_distribution_ready_keys.sql',
  CREDIT_HINTS_ROLLBACK,
];
const DISTRIBUTION_KEYS = '030_rollback_distribution_ready_keys.sql';
/** Rolls back 030-039 and issue 12's rules, then what issue 7 added (014, 013, then 012), so a test can work on the features below. */
async function rollBackCreditOperations(url: string): Promise<void> {
  await rollBackIntegrity(url);
  for (const script of SCRIPTS.slice(3, 6).reverse()) {
    expect(await runScriptByHand(url, script), script).toBeUndefined();
  }
}
const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('the rollback scripts, run by hand as psql -f would', () => {
  it('are the registered scripts, each removing exactly its registered migration ids', async () => {
    expect((await readdir(ROLLBACKS_DIR)).filter((f) => f.endsWith('.sql')).sort()).toEqual(
      SCRIPTS,
    );
    expect(ROLLBACK_FEATURES.map((f) => f.script).sort()).toEqual(SCRIPTS);
    for (const feature of ROLLBACK_FEATURES) {
      const sql = await readFile(path.join(ROLLBACKS_DIR, feature.script), 'utf8');
      const ids = [...sql.matchAll(/rollback_history\(ARRAY\[([\d, ]+)\]/g)].map((m) => m[1]);
      expect(ids, feature.script).toEqual([feature.migrationIds.join(', ')]);
      expect(sql, feature.script).toContain(`'${feature.script}'`);
      expect(sql, feature.script).toContain(`pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    }
  });

  it("create migration_rollbacks with exactly the runner's DDL", async () => {
    for (const script of SCRIPTS) {
      const sql = await readSqlScript(path.join(ROLLBACKS_DIR, script));
      const ddl = /CREATE TABLE IF NOT EXISTS migration_rollbacks \([\s\S]*?\n\s*\)/.exec(sql)?.[0];
      expect(ddl, script).toBeDefined();
      expect(squash(ddl ?? ''), script).toBe(squash(ROLLBACK_LOG_DDL));
    }
  });

  it('run in order, twice, keep every other row and leave only 001 and 002; migrate re-applies exactly what they removed', async () => {
    const db = await freshDatabase('migrated');
    const fresh = await catalogText(db.pool);
    await insertRowsEverywhere(db.pool);
    for (let run = 1; run <= 2; run += 1) {
      for (const script of [...SCRIPTS].reverse()) {
        expect(await runScriptByHand(db.url, script), `${script}, run ${run}`).toBeUndefined();
      }
    }
    expect(await migrationIds(db.pool)).toEqual([0, 1, 2]);
    expect(await rollbackLog(db.pool)).toEqual([
      CREDIT_HINTS_ROLLBACK_LOG,
      ...DISTRIBUTION_MIGRATIONS.map(
        (file) => `${Number(file.slice(0, 3))} ${file.slice(4, -4)} ${DISTRIBUTION_KEYS}`,
      ),
      ...INTEGRITY_ROLLBACK_LOG,
      '14 add_usefulness_cache_refresh_as_of 014_rollback_usefulness_cache_refresh_as_of.sql',
      '13 add_usefulness_cache_refresh 013_rollback_usefulness_cache_refresh.sql',
      '12 add_credit_operations 012_rollback_credit_operations.sql',
      '4 add_negotiation_sessions 011_rollback_negotiation_sessions.sql',
      '9 add_credit_ledger 010_rollback_credit_ledger.sql',
      '6 add_usefulness_proofs 008_rollback_usefulness.sql',
      '7 add_usefulness_to_agents 008_rollback_usefulness.sql',
    ]);
    expect(await countRows(db.pool)).toEqual({
      agents: 3,
      trust_scores: 2,
      negotiations: null,
      usefulness_proofs: null,
      credit_accounts: null,
      credit_transactions: null,
      credit_idempotency_keys: null,
    });
    expect(await migrate(db.url)).toEqual(FEATURE_MIGRATIONS);
    expect(await catalogText(db.pool)).toEqual(fresh);
    expect(await migrationIds(db.pool)).toEqual([0, ...FORWARD_IDS]);
  });

  it('011 alone (once the rules built on it are gone): migrate then re-applies 004, below the highest applied id', async () => {
    const db = await freshDatabase('migrated');
    const fresh = await catalogText(db.pool);
    await insertRowsEverywhere(db.pool);
    await rollBackIntegrity(db.url);
    expect(await runScriptByHand(db.url, '011_rollback_negotiation_sessions.sql')).toBeUndefined();
    expect(await migrationIds(db.pool)).toEqual([0, 1, 2, 6, 7, 9, 12, 13, 14]);
    expect(await countRows(db.pool)).toMatchObject({ negotiations: null, credit_transactions: 3 });
    expect(await migrate(db.url)).toEqual([
      '004_add_negotiation_sessions.sql',
      ...REAPPLIED_AFTER_INTEGRITY,
    ]);
    expect(await catalogText(db.pool)).toEqual(fresh);
  });

  it('wait, run by hand, while a migration run holds the advisory lock', async () => {
    const db = await freshDatabase('migrated');
    await rollBackIntegrity(db.url);
    await withClient(db.url, async (holder) => {
      let release!: () => void;
      const held = withMigrationLock(holder, () => new Promise<void>((r) => (release = r)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      let finished = false;
      const script = runScriptByHand(db.url, '011_rollback_negotiation_sessions.sql').finally(
        () => (finished = true),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(finished).toBe(false);
      expect(await migrationIds(db.pool)).toContain(4);
      release();
      await held;
      expect(await script).toBeUndefined();
      expect(await migrationIds(db.pool)).not.toContain(4);
    });
  });

  it('finish the job when their feature is only partly present', async () => {
    const db = await freshDatabase('migrated');
    await rollBackIntegrity(db.url);
    await db.pool.query(`DROP FUNCTION credit_spend(text, bigint, text, boolean, uuid, jsonb);
      DROP TABLE credit_idempotency_keys`);
    expect(await runScriptByHand(db.url, '012_rollback_credit_operations.sql')).toBeUndefined();
    expect(
      await db.pool.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname LIKE 'credit\\_%'`),
    ).toMatchObject({ rows: [{ n: 0 }] });
    // 014 without its as-of function: the rollback still puts 013's refresh back and removes 014.
    await db.pool.query('DROP FUNCTION refresh_usefulness_cache_as_of(timestamptz, text)');
    expect(
      await runScriptByHand(db.url, '014_rollback_usefulness_cache_refresh_as_of.sql'),
    ).toBeUndefined();
    const restored = await db.pool.query(
      `SELECT refresh_usefulness_cache() = (SELECT count(*) FROM agents) AS ok`,
    );
    expect(restored.rows[0].ok).toBe(true);
    await db.pool.query('DROP FUNCTION refresh_usefulness_cache(text)');
    expect(
      await runScriptByHand(db.url, '013_rollback_usefulness_cache_refresh.sql'),
    ).toBeUndefined();
    expect(await migrationIds(db.pool)).toEqual([0, 1, 2, 4, 6, 7, 9]);

    await db.pool.query('DROP TABLE credit_transactions');
    expect(await runScriptByHand(db.url, '010_rollback_credit_ledger.sql')).toBeUndefined();
    const { rows } = await db.pool.query(
      `SELECT to_regclass('credit_accounts') AS accounts,
              to_regprocedure('update_credit_accounts_timestamp()') AS fn`,
    );
    expect(rows[0]).toEqual({ accounts: null, fn: null });
    expect(await migrationIds(db.pool)).toEqual([0, 1, 2, 4, 6, 7]);

    await db.pool.query('DROP TABLE usefulness_proofs');
    await db.pool.query('ALTER TABLE agents DROP COLUMN usefulness_last_updated');
    expect(await runScriptByHand(db.url, '008_rollback_usefulness.sql')).toBeUndefined();
    const columns = await db.pool.query(
      `SELECT attname FROM pg_attribute WHERE attrelid = 'agents'::regclass AND attname LIKE 'usefulness%'`,
    );
    expect(columns.rows).toEqual([]);
    expect(await migrationIds(db.pool)).toEqual([0, 1, 2, 4]);
  });

  it('change nothing on an empty database, however often they run', async () => {
    const db = await freshDatabase('empty');
    const before = await catalogText(db.pool);
    for (const script of [...SCRIPTS].reverse().concat([...SCRIPTS].reverse())) {
      expect(await runScriptByHand(db.url, script), script).toBeUndefined();
    }
    expect(await catalogText(db.pool)).toEqual(before);
    const { rows } = await db.pool.query(`SELECT to_regclass('migration_rollbacks') AS log`);
    expect(rows[0].log).toBeNull();
  });

  describe('refuse, changing nothing, while something depends on their feature', () => {
    async function expectRefused(url: string, pool: pg.Pool, script: string, reason: RegExp) {
      const before = {
        catalog: await catalogText(pool),
        ids: await migrationIds(pool),
        log: await rollbackLog(pool),
        rows: await countRows(pool),
      };
      const error = await runScriptByHand(url, script);
      expect(error?.code).toBe('2BP01');
      expect(error?.message).toMatch(/^Refusing to roll back .*Nothing was changed\./);
      expect(error?.message).toMatch(reason);
      expect({
        catalog: await catalogText(pool),
        ids: await migrationIds(pool),
        log: await rollbackLog(pool),
        rows: await countRows(pool),
      }).toEqual(before);
    }

    it('010 while the credit operations (012) use the ledger', async () => {
      const db = await freshDatabase('migrated');
      await insertRowsEverywhere(db.pool);
      await expectRefused(
        db.url,
        db.pool,
        '010_rollback_credit_ledger.sql',
        /function .*credit_deposit\(text,bigint,text,jsonb\).* still uses it/,
      );
    });

    it.each([
      ['023_rollback_blank_idempotency_key_rules.sql', 'the blank idempotency key rules \\(023\\)'],
      ['012_rollback_credit_operations.sql', 'the credit operations \\(012\\)'],
    ])('%s while the credit error hints (040) replace its credit checks', async (script, what) => {
      const db = await freshDatabase('migrated');
      await insertRowsEverywhere(db.pool);
      await expectRefused(
        db.url,
        db.pool,
        script,
        new RegExp(
          `^Refusing to roll back ${what}: the credit error hints \\(040\\) are applied.*pnpm rollback credit-error-hints`,
        ),
      );
    });

    it('008 while refresh_usefulness_cache_as_of (014) uses the usefulness columns', async () => {
      const db = await freshDatabase('migrated');
      await rollBackIntegrity(db.url);
      expect(await runScriptByHand(db.url, '012_rollback_credit_operations.sql')).toBeUndefined();
      expect(await runScriptByHand(db.url, '010_rollback_credit_ledger.sql')).toBeUndefined();
      await expectRefused(
        db.url,
        db.pool,
        '008_rollback_usefulness.sql',
        /function refresh_usefulness_cache_as_of\(timestamp with time zone,text\) still uses it/,
      );
    });

    it('012 while a function outside the feature calls the credit functions', async () => {
      const db = await freshDatabase('migrated');
      await db.pool.query(`CREATE FUNCTION top_up(did text) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN PERFORM credit_deposit(did, 1000, gen_random_uuid()::text); END $$`);
      await expectRefused(db.url, db.pool, '012_rollback_credit_operations.sql', /top_up\(text\)/);
    });

    it('013 while another function calls the refresh', async () => {
      const db = await freshDatabase('migrated');
      await db.pool.query(`CREATE FUNCTION nightly() RETURNS integer LANGUAGE sql AS $$
        SELECT refresh_usefulness_cache() $$`);
      await expectRefused(
        db.url,
        db.pool,
        '013_rollback_usefulness_cache_refresh.sql',
        /nightly\(\) still calls it/,
      );
    });

    it('013 while 014 has made the refresh call refresh_usefulness_cache_as_of', async () => {
      const db = await freshDatabase('migrated');
      await expectRefused(
        db.url,
        db.pool,
        '013_rollback_usefulness_cache_refresh.sql',
        /made refresh_usefulness_cache\(text\) call refresh_usefulness_cache_as_of\(timestamp with time zone,text\)\./,
      );
    });

    it('014 while another function calls the as-of refresh', async () => {
      const db = await freshDatabase('migrated');
      await db.pool.query(`CREATE FUNCTION replay_day(day date) RETURNS integer LANGUAGE sql AS $$
        SELECT refresh_usefulness_cache_as_of(day::timestamptz) $$`);
      await expectRefused(
        db.url,
        db.pool,
        '014_rollback_usefulness_cache_refresh_as_of.sql',
        /replay_day\(date\) still calls it/,
      );
    });

    it('008 while the credit ledger references usefulness_proofs', async () => {
      const db = await freshDatabase('migrated');
      await insertRowsEverywhere(db.pool);
      await expectRefused(db.url, db.pool, '008_rollback_usefulness.sql', /credit ledger first/);
    });

    it('011 while a view reads negotiations', async () => {
      const db = await freshDatabase('migrated');
      await rollBackIntegrity(db.url);
      await db.pool.query('CREATE VIEW open_negotiations AS SELECT id FROM negotiations');
      await expectRefused(
        db.url,
        db.pool,
        '011_rollback_negotiation_sessions.sql',
        /view open_negotiations depends on table negotiations/,
      );
    });

    it('010 while a function outside the ledger uses it', async () => {
      const db = await freshDatabase('migrated');
      await db.pool.query(`CREATE FUNCTION total_credit() RETURNS bigint LANGUAGE plpgsql AS $$
        BEGIN RETURN (SELECT sum(balance) FROM credit_accounts); END $$`);
      await expectRefused(db.url, db.pool, '010_rollback_credit_ledger.sql', /total_credit\(\)/);
    });

    it('008 while another index is built on the agents usefulness columns', async () => {
      const db = await freshDatabase('migrated');
      await rollBackCreditOperations(db.url);
      await db.pool.query('DROP TABLE credit_transactions, credit_accounts');
      await db.pool.query('CREATE INDEX idx_agents_fresh ON agents (usefulness_last_updated)');
      await expectRefused(db.url, db.pool, '008_rollback_usefulness.sql', /idx_agents_fresh/);
    });
  });
});
