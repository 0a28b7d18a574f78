import { readCatalogSnapshot } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { enterBulkLoadMode } from '../src/bulk-load-mode.js';
import { seedDatabase } from '../src/seed-database.js';
import { freshDatabase, options } from './support.js';

describe('bulk-load mode', () => {
  it('leaves the schema exactly as it found it, comments included, with every foreign key validated', async () => {
    const { db } = await freshDatabase();
    await db.query(`COMMENT ON INDEX idx_usefulness_metrics IS 'metrics queries'`);
    await db.query(
      `COMMENT ON CONSTRAINT negotiations_initiator_did_fkey ON negotiations IS 'who started it'`,
    );
    await db.query(`COMMENT ON CONSTRAINT agents_pkey ON agents IS 'one row per DID'`);
    await db.query(`COMMENT ON INDEX credit_transactions_pkey IS 'ledger entries by agent'`);
    const before = await readCatalogSnapshot(db);
    const comments = `SELECT obj_description('idx_usefulness_metrics'::regclass, 'pg_class') AS index,
                             (SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint
                               WHERE conname = 'negotiations_initiator_did_fkey') AS fk,
                             (SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint
                               WHERE conname = 'agents_pkey') AS key,
                             obj_description('credit_transactions_pkey'::regclass, 'pg_class') AS "keyIndex"`;

    await seedDatabase(db, options({ agents: '300' }));
    expect(await readCatalogSnapshot(db)).toEqual(before);
    expect((await db.query(comments)).rows[0]).toEqual({
      index: 'metrics queries',
      fk: 'who started it',
      key: 'one row per DID',
      keyIndex: 'ledger entries by agent',
    });
    const unvalidated = await db.query(`SELECT conname FROM pg_constraint WHERE NOT convalidated`);
    expect(unvalidated.rows).toEqual([]);
  });

  it('sets aside the secondary indexes and foreign keys, and a restore re-checks every row', async () => {
    const { db } = await freshDatabase();
    await db
      .transaction(async (tx) => {
        const mode = await enterBulkLoadMode(tx);
        expect(mode.indexes).toContain('idx_usefulness_metrics');
        expect(mode.foreignKeys).toContain('credit_transactions_usefulness_proof_id_fkey');
        expect(mode.indexes).not.toContain('agents_pkey');
        expect(mode.keys).toEqual(expect.arrayContaining(['agents_pkey', 'agents_did_key']));
        // With the foreign key set aside, an orphan gets in, and the restore catches it.
        await tx.query(
          `INSERT INTO trust_scores (agent_did) VALUES ('did:key:z6MkNobodyRegisteredThis')`,
        );
        await mode.restore();
      })
      .then(
        () => expect.unreachable('the restore accepted an orphan row'),
        (error: { code?: string }) => expect(error.code).toBe('23503'),
      );
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'idx_usefulness_metrics'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('sets aside the primary keys and unique constraints too, and a restore re-checks every row for duplicates', async () => {
    const { db } = await freshDatabase();
    const agent = `INSERT INTO agents (did, public_key) VALUES ('did:key:z6MkTwice', 'pk')`;
    await db
      .transaction(async (tx) => {
        await enterBulkLoadMode(tx).then(async (mode) => {
          await tx.query(agent);
          await tx.query(agent);
          await mode.restore();
        });
      })
      .then(
        () => expect.unreachable('the restore accepted a duplicate key'),
        (error: { code?: string }) => expect(error.code).toBe('23505'),
      );
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE conname IN ('agents_pkey', 'agents_did_key')`,
    );
    expect(rows[0]?.n).toBe(2);
  });

  it('keeps a key that a foreign key from outside the seeded tables depends on', async () => {
    const { db } = await freshDatabase();
    await db.query(`CREATE TABLE agent_notes (did text REFERENCES agents (did), note text)`);
    const kept = await db.transaction(async (tx) => {
      const mode = await enterBulkLoadMode(tx);
      await mode.restore();
      return mode.keys;
    });
    const { rows } = await db.query<{ conname: string }>(
      `SELECT c.conname FROM pg_constraint f JOIN pg_constraint c ON c.conindid = f.conindid
        WHERE f.conrelid = 'agent_notes'::regclass AND c.contype IN ('p', 'u')`,
    );
    expect(rows).toHaveLength(1);
    expect(kept).not.toContain(rows[0]!.conname);
    expect(kept).toContain('credit_transactions_pkey');
  });
});
