import type pg from 'pg';
import { runMigration } from 'postgres-migrations/dist/run-migration.js';
import type { Logger } from './embedded-server.js';
import { MigrationChecksumError, MigrationFailedError, MigrationOrderError } from './errors.js';
import { loadCreateMigrationsTable, loadMigrations } from './migration-files.js';
import {
  ensureRollbackLog,
  readAppliedMigrations,
  readRolledBackMigrationIds,
} from './migration-history.js';
import { withMigrationLock } from './migration-lock.js';
import { planMigrations } from './migration-plan.js';
import { MIGRATIONS_DIR } from './workspace-paths.js';

/** A migration this run applied. */
export interface AppliedMigration {
  readonly id: number;
  readonly fileName: string;
  readonly durationMs: number;
}

export interface RunMigrationsOptions {
  readonly migrationsDir?: string;
  /** Hears one line per applied file, and a line when the run waits for another runner. */
  readonly log?: Logger;
}

/**
 * Applies every pending forward migration, each in its own transaction, under the advisory lock,
 * with postgres-migrations as the engine (it parses, hashes and runs each file; this runner picks
 * the pending ones by id, since the engine's own `migrate()` wants consecutive ids). Before anything runs it refuses, naming the file:
 * an applied file whose content changed, and a pending file numbered below an applied one that no
 * emergency rollback explains. `client` must be a connected pg.Client or PoolClient; it is used
 * for the whole run because the advisory lock belongs to its session.
 */
export async function runMigrations(
  client: pg.Client | pg.PoolClient,
  options: RunMigrationsOptions = {},
): Promise<AppliedMigration[]> {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const log = options.log ?? (() => {});
  const files = await loadMigrations(migrationsDir);
  const fileNameById = new Map(files.map((file) => [file.id, file.fileName]));

  return withMigrationLock(
    client,
    async () => {
      const appliedRows = await readAppliedMigrations(client);
      const plan = planMigrations(files, appliedRows, await readRolledBackMigrationIds(client));
      const changed = plan.applied
        .filter((entry) => entry.changed)
        .map((entry) => entry.file.fileName);
      if (changed.length > 0) {
        throw new MigrationChecksumError(
          `Applied migration ${changed.join(', ')} has changed since it was applied (checksum mismatch). Nothing was applied. Restore the file from version control and put the change in a new migration instead.`,
          changed,
        );
      }
      const early = plan.outOfOrder[0];
      if (early !== undefined) {
        const highest = Math.max(...plan.applied.map((entry) => entry.row.id));
        throw new MigrationOrderError(
          `Pending migration ${early.fileName} is numbered below ${fileNameById.get(highest) ?? `migration ${highest}`}, which is already applied. Nothing was applied. Renumber it above the highest applied migration.`,
          early.fileName,
        );
      }
      if (plan.pending.length === 0) return [];
      await ensureRollbackLog(client);

      const applied: AppliedMigration[] = [];
      const run = runMigration('migrations', client);
      if (!appliedRows.some((row) => row.id === 0)) await run(await loadCreateMigrationsTable());
      const byId = new Map(files.map((file) => [file.id, file]));
      for (const pending of plan.pending) {
        const startedAt = performance.now();
        try {
          await run(byId.get(pending.id)!);
        } catch (error) {
          const reason =
            /Reason: (?!An error occurred)([\s\S]*)$/.exec((error as Error).message)?.[1] ??
            (error as Error).message;
          const kept =
            applied.length > 0
              ? `The ${applied.length} migration(s) before it stay applied.`
              : 'No migration was applied.';
          throw new MigrationFailedError(
            `Migration ${pending.fileName} failed and was rolled back; no later migration ran. ${kept} Reason: ${reason.trim()}`,
            pending.fileName,
            { cause: error },
          );
        }
        const entry = {
          id: pending.id,
          fileName: pending.fileName,
          durationMs: performance.now() - startedAt,
        };
        applied.push(entry);
        log(`Applied ${entry.fileName} (${Math.round(entry.durationMs)} ms)`);
      }
      return applied;
    },
    () => log('Another migration run holds the lock; waiting for it to finish...'),
  );
}
