import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll } from 'vitest';
import { formatCatalogSnapshot, readCatalogSnapshot } from '../src/codegen/catalog-snapshot.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';
import { freshDatabase, withClient } from './support.js';

/** The catalog snapshot as text, the form the rollback tests compare. */
export const snapshot = async (pool: pg.Pool): Promise<string> =>
  formatCatalogSnapshot(await readCatalogSnapshot(pool));

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * The catalog the forward migrations numbered up to `lastId` leave behind, applied by the runner
 * to a new, empty database; `files` is how many there must be.
 */
export async function catalogAfter(lastId: number, files: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `ainp-upto-${lastId}-`));
  tempDirs.push(dir);
  for (const file of await readdir(MIGRATIONS_DIR)) {
    if (Number(file.slice(0, 3)) <= lastId)
      await copyFile(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
  }
  if ((await readdir(dir)).length !== files) {
    throw new Error(
      `Expected ${files} migrations up to ${lastId}, found ${(await readdir(dir)).length}`,
    );
  }
  const db = await freshDatabase('empty');
  await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }));
  return snapshot(db.pool);
}
