import { loadMigrationFiles } from 'postgres-migrations';
import { AinpDbError } from './errors.js';

/** A forward migration file as postgres-migrations reads it. */
export interface MigrationFile {
  readonly id: number;
  readonly name: string;
  readonly fileName: string;
  readonly hash: string;
}

/**
 * The forward migrations in a folder, in id order, without the library's own migration 0 (which
 * creates the `migrations` table). Gaps in the numbering are allowed; duplicate ids are not.
 */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  try {
    const files = await loadMigrationFiles(migrationsDir);
    return files
      .filter((file) => file.id !== 0)
      .map(({ id, name, fileName, hash }) => ({ id, name, fileName, hash }));
  } catch (error) {
    throw new AinpDbError(
      `Cannot read the migrations in ${migrationsDir}: ${(error as Error).message} Nothing was applied.`,
      { cause: error },
    );
  }
}
