import type { AppliedMigrationRow } from './migration-history.js';
import type { MigrationFile } from './migration-files.js';

/** How the files on disk compare with what the database has applied. */
export interface MigrationPlan<F extends MigrationFile = MigrationFile> {
  readonly applied: ReadonlyArray<{
    file: F;
    row: AppliedMigrationRow;
    changed: boolean;
  }>;
  readonly pending: readonly F[];
  /** Applied rows with no file on disk (applied from another branch, or a file was deleted). */
  readonly missingFiles: readonly AppliedMigrationRow[];
  /** Pending files numbered below the highest applied one that no rollback explains. */
  readonly outOfOrder: readonly F[];
}

/** Compares files with applied rows by id (never by position: the ids have gaps). */
export function planMigrations<F extends MigrationFile>(
  files: readonly F[],
  appliedRows: readonly AppliedMigrationRow[],
  rolledBackIds: ReadonlySet<number> = new Set(),
): MigrationPlan<F> {
  const rowsById = new Map(appliedRows.filter((row) => row.id !== 0).map((row) => [row.id, row]));
  const fileIds = new Set(files.map((file) => file.id));
  const applied = [];
  const pending = [];
  for (const file of files) {
    const row = rowsById.get(file.id);
    if (row === undefined) pending.push(file);
    else applied.push({ file, row, changed: row.hash !== file.hash });
  }
  const highestApplied = Math.max(0, ...rowsById.keys());
  return {
    applied,
    pending,
    missingFiles: [...rowsById.values()].filter((row) => !fileIds.has(row.id)),
    outOfOrder: pending.filter((file) => file.id < highestApplied && !rolledBackIds.has(file.id)),
  };
}
