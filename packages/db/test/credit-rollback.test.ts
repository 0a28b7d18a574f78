import path from 'node:path';
import { readSqlScript } from '../src/sql-scripts/sql-includes.js';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CreditOperations } from '../src/credits/credit-operations.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { resolveRollbackTarget } from '../src/rollbacks/rollback-features.js';
import { runRollbacks } from '../src/rollbacks/rollback-runner.js';
import { ROLLBACKS_DIR } from '../src/workspace-paths.js';
import { catalogAfter, snapshot } from './catalog-after.js';
import { REAPPLIED_AFTER_INTEGRITY, rollBackIntegrity } from './feature-rows.js';
import { expectLedgerEquations, freshDatabase, insertAgent, withClient } from './support.js';

/** Newest first, the order an emergency rollback of issue 7's migrations runs in (after 030-039's and issue 12's). */
const ROLLBACKS = [
  '014_rollback_usefulness_cache_refresh_as_of.sql',
  '013_rollback_usefulness_cache_refresh.sql',
  '012_rollback_credit_operations.sql',
];

/** By hand, as psql -f would: each file's text as one query. */
async function rollBack(pool: pg.Pool): Promise<void> {
  for (const file of ROLLBACKS) {
    await pool.query(await readSqlScript(path.join(ROLLBACKS_DIR, file)));
  }
}

/** As `pnpm rollback` of usefulness-cache-refresh-as-of, usefulness-cache-refresh, credit-operations. */
async function rollBackWithRunner(url: string): Promise<string[]> {
  const features = [
    'usefulness-cache-refresh-as-of',
    'usefulness-cache-refresh',
    'credit-operations',
  ].flatMap((target) => resolveRollbackTarget(target));
  expect(features.map((f) => f.script)).toEqual(ROLLBACKS);
  const done = await withClient(url, (client) => runRollbacks(client, features));
  return done.flatMap((d) => d.lines);
}

/** The catalog 001–009 leave behind: the six original files applied by the runner. */
const catalogAfter009 = () => catalogAfter(9, 6);

describe('the rollbacks of 012, 013 and 014', () => {
  it('leave the catalog exactly as 009 left it, keep the ledger, and can be re-applied', async () => {
    const expected = await catalogAfter009();
    const db = await freshDatabase('migrated');
    const full = await snapshot(db.pool);
    expect(full).not.toEqual(expected);

    // Some ledger history written through the functions, which the rollback must keep.
    const did = await insertAgent(db.pool);
    const credits = new CreditOperations(db.pool);
    await credits.deposit({ agentDid: did, amount: 900n, idempotencyKey: 'rb-1' });
    await credits.reserve({ agentDid: did, amount: 400n, idempotencyKey: 'rb-2' });
    await credits.spend({
      agentDid: did,
      amount: 300n,
      idempotencyKey: 'rb-3',
      fromReservation: true,
    });

    // The distribution-ready keys and issue 12's rules build on the credit operations: they go first.
    await rollBackIntegrity(db.url);
    const lines = await rollBackWithRunner(db.url);
    expect(lines).toContain(
      'rollback 012: dropped table credit_idempotency_keys (3 rows lost), with its indexes',
    );
    const after = await snapshot(db.pool);
    expect(after).toEqual(expected);

    const history = await db.pool.query('SELECT id FROM migrations ORDER BY id');
    expect(history.rows.map((r) => r.id)).toEqual([0, 1, 2, 4, 6, 7, 9]);
    const log = await db.pool.query(
      'SELECT migration_id, name, rollback_file FROM migration_rollbacks WHERE migration_id < 15 ORDER BY migration_id',
    );
    expect(log.rows).toEqual([
      { migration_id: 12, name: 'add_credit_operations', rollback_file: ROLLBACKS[2] },
      { migration_id: 13, name: 'add_usefulness_cache_refresh', rollback_file: ROLLBACKS[1] },
      {
        migration_id: 14,
        name: 'add_usefulness_cache_refresh_as_of',
        rollback_file: ROLLBACKS[0],
      },
    ]);
    const account = await db.pool.query(
      'SELECT balance::text, reserved::text, spent::text FROM credit_accounts WHERE agent_did = $1',
      [did],
    );
    expect(account.rows[0]).toEqual({ balance: '600', reserved: '100', spent: '300' });
    await expectLedgerEquations(db.pool);

    // A second run, by hand this time, finds nothing to drop and logs nothing more.
    await rollBack(db.pool);
    expect(await snapshot(db.pool)).toEqual(expected);
    const again = await db.pool.query(
      'SELECT count(*)::int AS n FROM migration_rollbacks WHERE migration_id < 15',
    );
    expect(again.rows[0].n).toBe(3);

    // The runner applies the rolled-back files again, restoring the full schema.
    const reapplied = await withClient(db.url, (c) => runMigrations(c));
    expect(reapplied.map((m) => m.fileName)).toEqual([
      '012_add_credit_operations.sql',
      '013_add_usefulness_cache_refresh.sql',
      '014_add_usefulness_cache_refresh_as_of.sql',
      ...REAPPLIED_AFTER_INTEGRITY,
    ]);
    expect(await snapshot(db.pool)).toEqual(full);
  });

  it('succeed on a partly applied 012, where 012 was never applied, and with no runner history', async () => {
    const partial = await freshDatabase('migrated');
    await partial.pool.query(`
      DROP FUNCTION credit_spend(text, bigint, text, boolean, uuid, jsonb);
      DROP FUNCTION credit_replay(text, jsonb);
      DROP TABLE credit_idempotency_keys CASCADE;`);
    await rollBackIntegrity(partial.url);
    await rollBack(partial.pool);
    expect(await snapshot(partial.pool)).toEqual(await catalogAfter009());

    const never = await freshDatabase('empty');
    await rollBack(never.pool);
    expect(await snapshot(never.pool)).toEqual('\n');
  });
});
