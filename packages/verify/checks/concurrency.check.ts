import { MIGRATIONS_DIR, readAppliedMigrations, readMigrationFiles, runMigrations } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { freshDatabase, withClient } from './support.js';

/** How many migrate runs start at once. */
const CONCURRENT_RUNS = 5;

describe('concurrency', async () => {
  const db = await freshDatabase('empty');

  it(`${CONCURRENT_RUNS} migrate runs started at once on an empty database all succeed, and each file is applied exactly once`, async () => {
    const files = await readMigrationFiles(MIGRATIONS_DIR);
    const runs = await Promise.allSettled(
      Array.from({ length: CONCURRENT_RUNS }, () =>
        withClient(db.url, (client) => runMigrations(client)),
      ),
    );
    const failures = runs.flatMap((run) =>
      run.status === 'rejected' ? [String((run.reason as Error).message)] : [],
    );
    expect(failures).toEqual([]);
    const appliedByRuns = runs
      .flatMap((run) => (run.status === 'fulfilled' ? run.value : []))
      .map((migration) => migration.fileName)
      .sort();
    expect(appliedByRuns).toEqual(files.map((file) => file.fileName).sort());
    // Row 0 is postgres-migrations' own bootstrap entry (it creates the `migrations` table).
    const history = (await readAppliedMigrations(db.pool)).filter((row) => row.id !== 0);
    expect(history.map((row) => row.id)).toEqual(files.map((file) => file.id));
  });
});
