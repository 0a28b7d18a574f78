import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS_DIR, runMigrations, type ClusterSettings } from '@ainp/db';
import { withClient } from '@ainp/db/testing';
import type { TestProject } from 'vitest/node';
import { openCitusTarget } from '../src/citus-target.js';
import { FIRST_CITUS_MIGRATION, insertRowsBeforeDistribution, rowCounts } from './support.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The coordinator database every Citus check uses (may hold a password). */
    citusUrl: string;
    /** Which server the run uses, for the report; no password. */
    databaseDescription: string;
    /** The local cluster's settings, when the run is on it (the move check needs its nodes). */
    cluster: ClusterSettings | null;
    /** Files applied before the rows went in, and after (empty lists on DATABASE_URL). */
    appliedBeforeRows: string[];
    appliedAfterRows: string[];
    /** What insertRowsBeforeDistribution wrote, per table. */
    rowsBeforeDistribution: Record<string, number>;
    /** The same counts once 030 on had run. */
    rowsAfterDistribution: Record<string, number>;
  }
}

/**
 * One coordinator database for the whole run. On the local cluster it is fresh, and it is built
 * the hard way: the migrations before 030 make plain tables, rows go in, and then 030 on (039
 * distributes) run on tables that hold rows. On DATABASE_URL the migrations simply run.
 */
export default async function setup(project: TestProject) {
  const target = await openCitusTarget();
  process.stdout.write(`\nDatabase: ${target.description}\n`);
  let before: string[] = [];
  let rows: Record<string, number> = {};
  let after: string[] = [];
  let rowsAfter: Record<string, number> = {};
  try {
    if (target.cluster) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-citus-migrations-'));
      try {
        for (const file of await readdir(MIGRATIONS_DIR)) {
          if (Number(file.slice(0, 3)) < FIRST_CITUS_MIGRATION) {
            await cp(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
          }
        }
        before = await withClient(target.url, async (client) =>
          (await runMigrations(client, { migrationsDir: dir })).map((m) => m.fileName),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      rows = await withClient(target.url, insertRowsBeforeDistribution);
    }
    after = await withClient(target.url, async (client) =>
      (await runMigrations(client)).map((m) => m.fileName),
    );
    if (target.cluster) rowsAfter = await withClient(target.url, rowCounts);
  } catch (error) {
    await target.release();
    throw error;
  }
  project.provide('citusUrl', target.url);
  project.provide('databaseDescription', target.description);
  project.provide('cluster', target.cluster ?? null);
  project.provide('appliedBeforeRows', before);
  project.provide('appliedAfterRows', after);
  project.provide('rowsBeforeDistribution', rows);
  project.provide('rowsAfterDistribution', rowsAfter);
  return () => target.release();
}
