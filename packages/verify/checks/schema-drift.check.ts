import { MIGRATIONS_DIR, readMigrationFiles, runMigrations } from '@ainp/db';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import {
  addedLines,
  liveSchemaSnapshot,
  readSchemaSnapshot,
  SchemaDriftError,
  schemaDrift,
  writeSchemaSnapshot,
} from '../src/schema-snapshot.js';
import { SCHEMA_SNAPSHOT_FILE } from '../src/verify-paths.js';
import { freshDatabase, withClient } from './support.js';

const SNAPSHOT = path.basename(SCHEMA_SNAPSHOT_FILE);

describe('schema drift', async () => {
  const [migrated, empty] = await Promise.all([freshDatabase('migrated'), freshDatabase('empty')]);

  it(`the migrated schema matches ${SNAPSHOT}`, async ({ annotate }) => {
    const live = await liveSchemaSnapshot(migrated.pool);
    if (inject('updateSnapshot')) {
      await writeSchemaSnapshot(live);
      await annotate(`--update-snapshot: rewrote ${SCHEMA_SNAPSHOT_FILE}`);
    }
    const drift = schemaDrift(await readSchemaSnapshot(), live);
    if (drift !== undefined) throw new SchemaDriftError(drift);
  });

  it('a migration that changes the schema without updating the snapshot fails, showing the change', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'ainp-verify-drift-'));
    try {
      await cp(MIGRATIONS_DIR, folder, { recursive: true });
      const next =
        Math.max(...(await readMigrationFiles(MIGRATIONS_DIR)).map((file) => file.id)) + 1;
      await writeFile(
        path.join(folder, `${String(next).padStart(3, '0')}_add_drift_probe.sql`),
        'ALTER TABLE agents ADD COLUMN drift_probe text;\n',
      );
      await withClient(empty.url, (client) => runMigrations(client, { migrationsDir: folder }));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    const drift = schemaDrift(await readSchemaSnapshot(), await liveSchemaSnapshot(empty.pool));
    expect(drift, 'the drift check did not notice the new column').toBeDefined();
    expect(addedLines(drift ?? '')).toContain('column agents.drift_probe text');
    expect(drift).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
  });
});
