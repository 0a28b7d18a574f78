import { describe, expect, it } from 'vitest';
import { formatCatalogSnapshot, readCatalogSnapshot } from '../src/codegen/catalog-snapshot.js';
import { freshDatabase } from './support.js';

describe('readCatalogSnapshot', () => {
  it('reads the migrated schema and sees a change to it', async () => {
    const db = await freshDatabase('migrated');
    const before = await readCatalogSnapshot(db.pool);
    expect(before.tables).toEqual([
      'agents',
      'credit_accounts',
      'credit_idempotency_keys',
      'credit_transactions',
      'migration_rollbacks',
      'migrations',
      'negotiations',
      'trust_scores',
      'usefulness_proofs',
    ]);
    expect(
      before.constraints.some(
        (c) => c.type === 'CHECK' && c.name === 'negotiation_participants_different',
      ),
    ).toBe(true);
    expect(before.triggers.map((t) => t.name)).toEqual([
      'trg_credit_accounts_update',
      'credit_transactions_append_only',
      'credit_transactions_append_only_truncate',
      'trg_negotiations_state_machine',
      'trg_negotiations_update',
    ]);
    const text = formatCatalogSnapshot(before);
    expect(text).toContain("column negotiations.state text NOT NULL DEFAULT 'initiated'::text");

    await db.pool.query('DROP INDEX idx_negotiations_state');
    const after = formatCatalogSnapshot(await readCatalogSnapshot(db.pool));
    expect(after).not.toEqual(text);
    expect(text.split('\n').filter((line) => !after.split('\n').includes(line))).toEqual([
      'index negotiations.idx_negotiations_state CREATE INDEX idx_negotiations_state ON public.negotiations USING btree (state)',
    ]);
  });
});
