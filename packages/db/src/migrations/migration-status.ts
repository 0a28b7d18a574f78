import { readInvalidIndexes, type InvalidIndex } from './invalid-indexes.js';
import { readMigrationFiles } from './migration-files.js';
import { readAppliedMigrations, readRolledBackMigrationIds } from './migration-history.js';
import { planMigrations, type MigrationPlan } from './migration-plan.js';
import type { Queryable } from '../connection/queryable.js';
import { MIGRATIONS_DIR } from '../workspace-paths.js';

export interface MigrationStatus extends MigrationPlan {
  /** True when nothing is pending, changed, missing or out of order: safe to deploy on. */
  readonly upToDate: boolean;
  /** Indexes a failed or killed concurrent build left INVALID (unused by queries). */
  readonly invalidIndexes: readonly InvalidIndex[];
}

/** Compares the migration files with the database's history. Read-only: it takes no lock. */
export async function migrationStatus(
  client: Queryable,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<MigrationStatus> {
  const plan = planMigrations(
    await readMigrationFiles(migrationsDir),
    await readAppliedMigrations(client),
    await readRolledBackMigrationIds(client),
  );
  const upToDate =
    plan.pending.length === 0 &&
    plan.missingFiles.length === 0 &&
    plan.applied.every((entry) => !entry.changed);
  return { ...plan, upToDate, invalidIndexes: await readInvalidIndexes(client) };
}
