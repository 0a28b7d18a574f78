import { loadMigrationFiles } from 'postgres-migrations';
import { AinpDbError } from './errors.js';

/** A forward migration file as postgres-migrations reads it. */
export interface MigrationFile {
  readonly id: number;
  readonly name: string;
  readonly fileName: string;
  readonly hash: string;
  /** The file's SQL (the text the hash covers, with the file name). */
  readonly sql: string;
}

/**
 * Every migration in a folder in id order, with postgres-migrations' own migration 0 first (it
 * creates the `migrations` table). Gaps in the numbering are allowed; duplicate ids are not.
 */
export async function readMigrationFilesWithLibraryTable(
  migrationsDir: string,
): Promise<MigrationFile[]> {
  try {
    const files = await loadMigrationFiles(migrationsDir);
    return files.map(({ id, name, fileName, hash, sql }) => ({ id, name, fileName, hash, sql }));
  } catch (error) {
    throw new AinpDbError(
      `Cannot read the migrations in ${migrationsDir}: ${(error as Error).message} Nothing was applied.`,
      { cause: error },
    );
  }
}

/** The forward migrations in a folder, in id order, without the library's own migration 0. */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  return (await readMigrationFilesWithLibraryTable(migrationsDir)).filter((file) => file.id !== 0);
}
