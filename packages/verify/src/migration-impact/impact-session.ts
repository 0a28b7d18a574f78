import { DatabaseClient, readMigrationFiles, runMigrations } from '@ainp/db';
import { resolveSeedOptions, seedDatabase, type ScaleName } from '@ainp/seed';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  startWorkload,
  WORKLOAD_MAX_MS,
  WORKLOAD_MAX_OPERATIONS_PER_CLIENT,
  type Workload,
} from './hot-path-workload.js';
import { installLockRecorder } from './lock-recorder.js';
import { measureMigration } from './measure-migration.js';
import { judgeMigration, type MigrationImpact } from './migration-impact.js';
import { MigrationImpactError } from './impact-errors.js';

/** Workload time before each migration, the "before" figures. */
export const BASELINE_MS = 400;

/** ANALYZE's sample after seeding (PostgreSQL's default is 100: 30,000 rows per table). */
const ANALYZE_STATISTICS_TARGET = 10;

/** A migration file to apply: where it is and its name. */
export interface MigrationSource {
  readonly dir: string;
  readonly fileName: string;
}

/** A seeded database with the workload running on it, ready to apply migrations one at a time. */
export interface ImpactSession {
  /** Whether the migrations' own backends report their locks (see lock-recorder.ts). */
  readonly recorded: boolean;
  readonly seededRows: number;
  /** Applies one migration, numbered above every file applied so far, and judges it. */
  apply(migration: MigrationSource, budgetMs: number): Promise<MigrationImpact>;
  /** Stops the workload and removes the scratch folder (the database is the caller's). */
  close(): Promise<void>;
}

/**
 * Prepares `url` (an empty database): applies the base migrations, seeds it with @ainp/seed at
 * `scale`, installs the lock recorder and starts the workload. Each migration under test is then
 * applied by `apply`, from a scratch folder holding the base and every file applied so far, so
 * that each runMigrations call has exactly one pending file: one measurement window per file.
 */
export async function openImpactSession(
  url: string,
  base: readonly MigrationSource[],
  scale: ScaleName,
): Promise<ImpactSession> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'ainp-impact-'));
  let workload: Workload | undefined;
  try {
    for (const file of base)
      await copyFile(path.join(file.dir, file.fileName), path.join(scratch, file.fileName));
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    let recorded: boolean;
    let seededRows: number;
    const db = new DatabaseClient(url);
    try {
      await runMigrations(setup, { migrationsDir: scratch });
      await db.connect();
      // The base is migrated above; the seeder must not apply the files under test.
      const report = await seedDatabase(
        { runMigrations: async () => [], withConnection: (work) => db.withConnection(work) },
        resolveSeedOptions({ scale }),
      );
      seededRows = Object.values(report.rows).reduce((sum, rows) => sum + rows, 0);
      // Statistics for realistic plans; a small sample keeps ANALYZE to a fraction of a second.
      await setup.query(`SET default_statistics_target = ${ANALYZE_STATISTICS_TARGET}; ANALYZE`);
      recorded = await installLockRecorder(setup);
    } finally {
      await db.close();
      await setup.end();
    }
    workload = await startWorkload(url);
    const running = workload;
    return {
      recorded,
      seededRows,
      async apply(migration, budgetMs) {
        await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
        const beforeSince = performance.now() - BASELINE_MS;
        const highest = (await readMigrationFiles(scratch)).at(-1);
        const id = Number.parseInt(migration.fileName, 10);
        if (highest !== undefined && !(id > highest.id)) {
          throw new MigrationImpactError(
            `${migration.fileName} must be numbered above ${highest.fileName}, the last file applied before it; nothing was applied`,
            'out_of_order',
          );
        }
        await copyFile(
          path.join(migration.dir, migration.fileName),
          path.join(scratch, migration.fileName),
        );
        const measured = await measureMigration(url, scratch, migration.fileName);
        if (!running.running) {
          // Without the workload, nothing could have waited: the figures would say nothing.
          throw new MigrationImpactError(
            `The workload reached its bounds (${WORKLOAD_MAX_MS / 1000} s, ${WORKLOAD_MAX_OPERATIONS_PER_CLIENT} operations per client) before ${migration.fileName} was measured. Measure fewer migrations at once (--base), or a smaller --impact-scale.`,
            'workload_stopped',
          );
        }
        // A failed file was rolled back: out of the folder, so later files are the only pending.
        if (measured.error !== undefined) await rm(path.join(scratch, migration.fileName));
        return judgeMigration(measured, running.samples, beforeSince, budgetMs);
      },
      async close() {
        await running.stop();
        await rm(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await workload?.stop();
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}
