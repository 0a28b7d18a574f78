import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  runVerifyScripts,
  VERIFY_SCRIPTS,
  type VerifyOutcome,
} from '../src/sql-scripts/verify-scripts.js';
import { ROLLBACK_LOG_DDL } from '../src/migrations/migration-history.js';
import { ROLLBACK_FEATURES } from '../src/rollbacks/rollback-features.js';
import { ROLLBACKS_DIR, VERIFY_DIR } from '../src/workspace-paths.js';
import { countRows, insertRowsEverywhere, withClient } from './feature-rows.js';
import { freshDatabase } from './support.js';

const TESTS_PER_SCRIPT: Record<string, number> = {
  'verify_negotiation_sessions.sql': 14,
  'verify_usefulness.sql': 10,
  'verify_credit_ledger.sql': 17,
  'verify_credit_operations.sql': 29,
  'verify_integrity_rules.sql': 23,
};
/** Which script owns the indexes of each table. */
const SCRIPT_FOR_TABLE: Record<string, string> = {
  negotiations: 'verify_negotiation_sessions.sql',
  usefulness_proofs: 'verify_usefulness.sql',
  agents: 'verify_usefulness.sql',
  credit_accounts: 'verify_credit_ledger.sql',
  credit_transactions: 'verify_credit_ledger.sql',
  credit_idempotency_keys: 'verify_credit_operations.sql',
};

const verify = (url: string, scripts?: readonly string[]): Promise<VerifyOutcome[]> =>
  withClient(url, (client) => runVerifyScripts(client, { scripts }));

describe('the SQL verification scripts', () => {
  it('include one copy of their test helpers and summary (\\ir), and hold no copy of their own', async () => {
    const helpers = await readFile(path.join(VERIFY_DIR, 'include', 'test-helpers.sql'), 'utf8');
    for (const script of VERIFY_SCRIPTS) {
      const sql = await readFile(path.join(VERIFY_DIR, script), 'utf8');
      expect(sql.match(/^\\ir include\/test-helpers\.sql$/gm), script).toHaveLength(1);
      expect(sql.match(/^\\ir include\/summary\.sql$/gm), script).toHaveLength(1);
      expect(sql, script).not.toContain('CREATE FUNCTION pg_temp.report(');
      // The only psql meta-command is the include, which the Node runner expands too.
      expect(sql.match(/^\\(?!ir )/m), script).toBeNull();
    }
    expect(helpers).toContain('CREATE FUNCTION pg_temp.report(');
  });

  it("share the rollback scripts' history bookkeeping through one include, with the runner's table definition", async () => {
    const history = await readFile(path.join(ROLLBACKS_DIR, 'include', 'history.sql'), 'utf8');
    expect(history.replace(/\s+/g, ' ')).toContain(ROLLBACK_LOG_DDL.replace(/\s+/g, ' '));
    for (const feature of ROLLBACK_FEATURES) {
      const sql = await readFile(path.join(ROLLBACKS_DIR, feature.script), 'utf8');
      expect(sql.match(/^\\ir include\/history\.sql$/gm), feature.script).toHaveLength(1);
      expect(sql, feature.script).toContain(
        `pg_temp.rollback_history(ARRAY[${feature.migrationIds.join(', ')}], '${feature.script}')`,
      );
      expect(sql, feature.script).not.toContain('INSERT INTO migration_rollbacks');
    }
  });

  it('all pass on a migrated database with data, printing only ✅ lines, and leave no data behind', async () => {
    const db = await freshDatabase('migrated');
    await insertRowsEverywhere(db.pool);
    const before = await countRows(db.pool);
    const outcomes = await verify(db.url);
    expect(outcomes.map((o) => o.script)).toEqual([...VERIFY_SCRIPTS]);
    for (const outcome of outcomes) {
      const expected = TESTS_PER_SCRIPT[outcome.script] ?? 0;
      expect(outcome.passed, outcome.error).toBe(true);
      expect(outcome.lines.length, outcome.script).toBe(expected + 1);
      expect(outcome.lines.slice(0, -1).every((line) => line.startsWith('✅ PASS: '))).toBe(true);
      expect(outcome.lines.at(-1)).toBe(`${expected} passed, 0 failed`);
    }
    expect(await countRows(db.pool)).toEqual(before);
  });

  it('fail, naming it, when any one of their indexes is dropped', async () => {
    const db = await freshDatabase('migrated');
    const { rows: indexes } = await db.pool.query<{ name: string; table: string; def: string }>(
      `SELECT indexname AS name, tablename AS table, indexdef AS def FROM pg_indexes
        WHERE schemaname = 'public' AND indexname LIKE 'idx\\_%' AND tablename = ANY ($1)
          AND (tablename <> 'agents' OR indexname = 'idx_agents_usefulness')
        ORDER BY 1`,
      [Object.keys(SCRIPT_FOR_TABLE)],
    );
    expect(indexes.length).toBe(6 + 7 + 1 + 6 + 1);
    for (const index of indexes) {
      const script = SCRIPT_FOR_TABLE[index.table] ?? '';
      await db.pool.query(`DROP INDEX ${index.name}`);
      const [outcome] = await verify(db.url, [script]);
      await db.pool.query(index.def);
      expect(outcome?.passed, `${script} without ${index.name}`).toBe(false);
      const failures = outcome?.lines.filter((line) => line.startsWith('❌ FAIL: ')) ?? [];
      expect(failures, index.name).toHaveLength(1);
      expect(failures[0]).toContain(`${index.name} is missing`);
      expect(outcome?.lines.at(-1)).toBe(`${(TESTS_PER_SCRIPT[script] ?? 0) - 1} passed, 1 failed`);
      expect(outcome?.error).toMatch(/^1 of \d+ tests failed/);
    }
  });

  it('fail the column test, naming the table, when a column differs from the schema description', async () => {
    const db = await freshDatabase('migrated');
    await db.pool.query('ALTER TABLE negotiations ALTER COLUMN max_rounds SET DEFAULT 5');
    const [outcome] = await verify(db.url, ['verify_negotiation_sessions.sql']);
    expect(outcome?.passed).toBe(false);
    expect(outcome?.lines.filter((line) => line.startsWith('❌ FAIL: '))).toEqual([
      expect.stringMatching(
        /^❌ FAIL: negotiations has the columns of the schema description — found: .*max_rounds integer not null default 5,/,
      ),
    ]);
  });

  it('fail a rejection test when its constraint is gone, and a behaviour test when its trigger is', async () => {
    const db = await freshDatabase('migrated');
    await db.pool
      .query(`ALTER TABLE credit_accounts DROP CONSTRAINT credit_accounts_reserved_within_balance;
      DROP TRIGGER trg_negotiations_update ON negotiations`);
    const outcomes = await verify(db.url);
    const failures = outcomes.flatMap((o) => o.lines.filter((line) => line.startsWith('❌')));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(
      /^❌ FAIL: trg_negotiations_update moves updated_at on every update — updated_at stayed at /,
    );
    expect(failures[1]).toBe(
      '❌ FAIL: reserving more than the balance is rejected (credit_accounts_reserved_within_balance) — the server accepted it',
    );
    expect(outcomes.map((o) => o.passed)).toEqual([false, true, false, true, true]);
  });

  it('fail a rejection test that the server rejects for another reason', async () => {
    const db = await freshDatabase('migrated');
    // The bad work type is still rejected, but by a differently named constraint.
    await db.pool
      .query(`ALTER TABLE usefulness_proofs DROP CONSTRAINT usefulness_proofs_work_type_check;
      ALTER TABLE usefulness_proofs ADD CONSTRAINT work_type_known
        CHECK (work_type IN ('compute', 'memory', 'routing', 'validation', 'learning'))`);
    const [outcome] = await verify(db.url, ['verify_usefulness.sql']);
    expect(outcome?.lines.filter((line) => line.startsWith('❌'))).toEqual([
      '❌ FAIL: an unknown work type is rejected (usefulness_proofs_work_type_check) — expected SQLSTATE 23514 on usefulness_proofs_work_type_check, got 23514 on work_type_known: new row for relation "usefulness_proofs" violates check constraint "work_type_known"',
    ]);
  });

  it('fail every test, without stopping early, on a database without the features', async () => {
    const db = await freshDatabase('empty');
    await db.pool.query(`CREATE TABLE agents (did text PRIMARY KEY, public_key text NOT NULL)`);
    for (const outcome of await verify(db.url)) {
      const expected = TESTS_PER_SCRIPT[outcome.script] ?? 0;
      expect(outcome.passed).toBe(false);
      expect(outcome.lines.filter((line) => line.startsWith('❌ FAIL: '))).toHaveLength(expected);
      expect(outcome.lines.at(-1)).toBe(`0 passed, ${expected} failed`);
    }
  });
});
