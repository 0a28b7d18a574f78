import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadMigrationFile } from 'postgres-migrations/dist/migration-file.js';
import { AinpDbError } from '../errors.js';

/** A forward migration file as postgres-migrations reads it. */
export interface MigrationFile {
  readonly id: number;
  readonly name: string;
  readonly fileName: string;
  readonly hash: string;
}

/** A migration as the engine runs it: the file's facts and its SQL. */
export type EngineMigration = Awaited<ReturnType<typeof loadMigrationFile>>;

/**
 * The engine's own migration 0, which creates the `migrations` table. postgres-migrations' own
 * loader and `migrate()` insist on consecutive ids (0, 1, 2, ...); ours have gaps, so this package
 * reads files and picks pending ones itself, by id, and has the engine parse, hash and run each
 * file. That holds wherever the package is installed, with no patch to postgres-migrations.
 */
const CREATE_MIGRATIONS_TABLE = createRequire(import.meta.url).resolve(
  'postgres-migrations/dist/migrations/0_create-migrations-table.sql',
);

const MIGRATION_FILE = /\.(sql|js)$/i;

/**
 * The forward migrations in a folder with their SQL, in id order: unique ids above 0, gaps
 * allowed. Throws AinpDbError naming the folder and the offending file.
 */
export async function loadMigrations(migrationsDir: string): Promise<EngineMigration[]> {
  try {
    const names = (await readdir(migrationsDir)).filter((name) => MIGRATION_FILE.test(name));
    const migrations = await Promise.all(
      names.map((name) => loadMigrationFile(path.resolve(migrationsDir, name))),
    );
    migrations.sort((a, b) => a.id - b.id);
    const invalid = migrations.find(
      (migration, index) => migration.id <= (index === 0 ? 0 : migrations[index - 1]!.id),
    );
    if (invalid !== undefined) {
      throw new Error(`Found a duplicate or invalid migration ID on file: '${invalid.fileName}'`);
    }
    return migrations;
  } catch (error) {
    throw new AinpDbError(
      `Cannot read the migrations in ${migrationsDir}: ${(error as Error).message} Nothing was applied.`,
      { cause: error },
    );
  }
}

/** The engine's migration 0, run first on a database without a `migrations` table. */
export function loadCreateMigrationsTable(): Promise<EngineMigration> {
  return loadMigrationFile(CREATE_MIGRATIONS_TABLE);
}

/**
 * The forward migrations in a folder, in id order, without the library's own migration 0 (which
 * creates the `migrations` table). Gaps in the numbering are allowed; duplicate ids are not.
 */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  return (await loadMigrations(migrationsDir)).map(({ id, name, fileName, hash }) => ({
    id,
    name,
    fileName,
    hash,
  }));
}
