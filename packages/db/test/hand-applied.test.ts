import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCatalogSnapshot, type CatalogSnapshot } from '../src/codegen/catalog-snapshot.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';
import { freshDatabase, insertAgent, withClient } from './support.js';
import { FORWARD_IDS } from './feature-rows.js';

/** The runner's own bookkeeping, which applying the files by hand does not create. */
const RUNNER_TABLES = ['migrations', 'migration_rollbacks'];

/** The snapshot without the runner's bookkeeping tables. */
function schemaOnly(snapshot: CatalogSnapshot): CatalogSnapshot {
  const keep = ({ table }: { table: string }) => !RUNNER_TABLES.includes(table);
  return {
    ...snapshot,
    tables: snapshot.tables.filter((table) => !RUNNER_TABLES.includes(table)),
    columns: snapshot.columns.filter(keep),
    constraints: snapshot.constraints.filter(keep),
    indexes: snapshot.indexes.filter(keep),
    triggers: snapshot.triggers.filter(keep),
  };
}

/**
 * Applies the forward files (the six of issue 2, then 012 to 014 and issue 12's 015 to 028, then 030 to 041) the way `psql -v ON_ERROR_STOP=1 -f` does, without psql: each file's
 * text goes to the server as one simple query (several statements, stopping at the first error).
 */
async function applyByHand(pool: pg.Pool): Promise<void> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  expect(files).toHaveLength(FORWARD_IDS.length);
  for (const file of files) {
    await pool.query(await readFile(path.join(MIGRATIONS_DIR, file), 'utf8'));
  }
}

const byRunner = await freshDatabase('migrated');
const byHand = await freshDatabase('empty');
const legacy = await freshDatabase('empty');
let reference: CatalogSnapshot;
beforeAll(async () => {
  reference = await readCatalogSnapshot(byRunner.pool);
});

describe('the forward files applied by hand', () => {
  it('succeed twice in a row on an empty database and build the schema the runner builds', async () => {
    await applyByHand(byHand.pool);
    const once = await readCatalogSnapshot(byHand.pool);
    expect(once.tables).not.toContain('migrations');
    expect(once).toEqual(schemaOnly(reference));

    const agent = await insertAgent(byHand.pool);
    await applyByHand(byHand.pool);
    expect(await readCatalogSnapshot(byHand.pool)).toEqual(once);
    const kept = await byHand.pool.query('SELECT did FROM agents');
    expect(kept.rows).toEqual([{ did: agent }]);
  });

  it('leave the runner free to record them all afterwards, without error', async () => {
    const applied = await withClient(byHand.url, (client) => runMigrations(client));
    expect(applied.map((m) => m.id)).toEqual(FORWARD_IDS);
    expect(await readCatalogSnapshot(byHand.pool)).toEqual(reference);
    expect(await withClient(byHand.url, (client) => runMigrations(client))).toEqual([]);
  });

  it('succeed on a database the runner already migrated, changing nothing', async () => {
    const agent = await insertAgent(byRunner.pool);
    await applyByHand(byRunner.pool);
    expect(await readCatalogSnapshot(byRunner.pool)).toEqual(reference);
    expect((await byRunner.pool.query('SELECT did FROM agents')).rows).toEqual([{ did: agent }]);
    expect(await withClient(byRunner.url, (client) => runMigrations(client))).toEqual([]);
  });
});

describe('an agents table that predates the migrations', () => {
  it('is upgraded in place by 001 and 007, keeping its rows', async () => {
    await legacy.pool.query(`
      CREATE TABLE agents (
        id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        did          text        NOT NULL,
        public_key   text        NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agents_did_key UNIQUE (did),
        CONSTRAINT agents_did_format CHECK (did LIKE 'did:key:%' OR did LIKE 'did:web:%')
      )`);
    const agent = await insertAgent(legacy.pool);

    const applied = await withClient(legacy.url, (client) => runMigrations(client));
    expect(applied).toHaveLength(FORWARD_IDS.length);
    expect(await readCatalogSnapshot(legacy.pool)).toEqual(reference);
    const { rows } = await legacy.pool.query(
      'SELECT did, capabilities, ttl, usefulness_score_cached FROM agents',
    );
    expect(rows).toEqual([
      { did: agent, capabilities: [], ttl: null, usefulness_score_cached: '0.00' },
    ]);
  });
});
