import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readSqlScript } from '../src/sql-scripts/sql-includes.js';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { resolveRollbackTarget } from '../src/rollbacks/rollback-features.js';
import { runRollbacks } from '../src/rollbacks/rollback-runner.js';
import { ROLLBACKS_DIR } from '../src/workspace-paths.js';
import { catalogAfter, snapshot } from './catalog-after.js';
import { REAPPLIED_AFTER_INTEGRITY, rollBackIntegrity } from './feature-rows.js';
import { freshDatabase, insertAgent, insertProof, withClient } from './support.js';

const SCRIPT = '014_rollback_usefulness_cache_refresh_as_of.sql';

describe('the rollback of 014', () => {
  it('leaves the catalog exactly as 013 left it, keeps the cached scores, and can be re-applied', async () => {
    const expected = await catalogAfter(13, 8);
    const db = await freshDatabase('migrated');
    const full = await snapshot(db.pool);
    expect(full).not.toEqual(expected);

    const did = await insertAgent(db.pool);
    await insertProof(db.pool, did, { usefulness_score: 64, created_at: '2025-06-01 00:00:00+00' });
    await db.pool.query(`SELECT refresh_usefulness_cache_as_of('2025-06-02 00:00:00+00')`);
    // The distribution-ready keys and issue 12's rules build on 014 (037 rewrote it; ainp_app may
    // call it): they go first.
    await rollBackIntegrity(db.url);

    const done = await withClient(db.url, (client) =>
      runRollbacks(client, resolveRollbackTarget('usefulness-cache-refresh-as-of')),
    );
    expect(done.flatMap((d) => d.lines).filter((line) => line.startsWith('rollback 014'))).toEqual([
      "rollback 014: restored 013's refresh_usefulness_cache(text), which uses now() again",
      'rollback 014: dropped function refresh_usefulness_cache_as_of(timestamptz, text) (the cached scores stay)',
      'rollback 014: removed 014_add_usefulness_cache_refresh_as_of from the migrations table: the next migrate re-applies it',
    ]);
    expect(await snapshot(db.pool)).toEqual(expected);
    // Text for text, not only after the snapshot's whitespace folding: 013's own function body.
    const migration013 = await readFile(
      path.join(ROLLBACKS_DIR, '..', 'migrations', '013_add_usefulness_cache_refresh.sql'),
      'utf8',
    );
    const { rows } = await db.pool.query(
      `SELECT prosrc FROM pg_proc WHERE oid = 'refresh_usefulness_cache(text)'::regprocedure`,
    );
    expect(migration013).toContain(`AS $$${rows[0].prosrc}$$;`);
    const cached = await db.pool.query(
      'SELECT usefulness_score_cached::text AS score FROM agents WHERE did = $1',
      [did],
    );
    expect(cached.rows[0].score).toBe('64.00');
    const ids = await db.pool.query('SELECT id FROM migrations ORDER BY id');
    expect(ids.rows.map((r) => r.id)).toEqual([0, 1, 2, 4, 6, 7, 9, 12, 13]);

    // Again, by hand as psql -f would: nothing to do, nothing more logged.
    await db.pool.query(await readSqlScript(path.join(ROLLBACKS_DIR, SCRIPT)));
    expect(await snapshot(db.pool)).toEqual(expected);
    const log = await db.pool.query(
      'SELECT migration_id, rollback_file FROM migration_rollbacks WHERE migration_id < 15 ORDER BY migration_id',
    );
    expect(log.rows).toEqual([{ migration_id: 14, rollback_file: SCRIPT }]);

    const reapplied = await withClient(db.url, (c) => runMigrations(c));
    expect(reapplied.map((m) => m.fileName)).toEqual([
      '014_add_usefulness_cache_refresh_as_of.sql',
      ...REAPPLIED_AFTER_INTEGRITY,
    ]);
    expect(await snapshot(db.pool)).toEqual(full);
  });
});
