import {
  formatCatalogSnapshot,
  MIGRATIONS_DIR,
  readCatalogSnapshot,
  readMigrationFiles,
  runMigrations,
} from '@ainp/db';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutRunnerTables } from '../src/runner-tables.js';
import { freshDatabase, withClient } from './support.js';

describe('migrations', async () => {
  const [empty, byHand, byRunner] = await Promise.all([
    freshDatabase('empty'),
    freshDatabase('empty'),
    freshDatabase('migrated'),
  ]);

  it('all apply to an empty database, and a second run applies nothing', async () => {
    const files = await readMigrationFiles(MIGRATIONS_DIR);
    const [first, second] = await withClient(empty.url, async (client) => [
      await runMigrations(client),
      await runMigrations(client),
    ]);
    expect(first?.map((migration) => migration.fileName)).toEqual(files.map((f) => f.fileName));
    expect(second).toEqual([]);
  });

  it('every forward migration, applied twice by hand, succeeds and builds the same schema', async () => {
    const files = await readMigrationFiles(MIGRATIONS_DIR);
    await withClient(byHand.url, async (client) => {
      for (const file of files) {
        const sql = await readFile(path.join(MIGRATIONS_DIR, file.fileName), 'utf8');
        // Without parameters pg uses the simple query protocol: the whole file, as psql -f sends it.
        for (const attempt of [1, 2]) {
          await client.query(sql).catch((error: Error) => {
            throw new Error(`${file.fileName}, applied by hand (run ${attempt}): ${error.message}`);
          });
        }
      }
    });
    const schema = async (pool: typeof byHand.pool) =>
      formatCatalogSnapshot(withoutRunnerTables(await readCatalogSnapshot(pool)));
    expect(await schema(byHand.pool)).toEqual(await schema(byRunner.pool));
  });
});
