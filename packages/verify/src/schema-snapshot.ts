import { formatCatalogSnapshot, readCatalogSnapshot, type Queryable } from '@ainp/db';
import { createTwoFilesPatch } from 'diff';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SCHEMA_SNAPSHOT_FILE } from './verify-paths.js';

/** Carries `--update-snapshot` from the CLI to the run's global setup. */
export const UPDATE_SNAPSHOT_ENV = 'AINP_VERIFY_UPDATE_SNAPSHOT';

/** Lines of unchanged context around each change in the drift diff, as in `git diff`. */
export const DIFF_CONTEXT_LINES = 3;

const HEADER = `# The expected schema: one line per table, column, constraint, index, function and trigger.
# Written by \`pnpm verify --update-snapshot\`; the drift check fails when the migrated schema differs.
# The same on PostgreSQL 14-18 (the CI matrix checks it). Review changes to it like code.
`;

/** The live schema in the snapshot file's format. */
export async function liveSchemaSnapshot(client: Queryable): Promise<string> {
  return HEADER + formatCatalogSnapshot(await readCatalogSnapshot(client));
}

/** The committed snapshot; empty when the file does not exist yet. */
export async function readSchemaSnapshot(file = SCHEMA_SNAPSHOT_FILE): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
}

export async function writeSchemaSnapshot(
  text: string,
  file = SCHEMA_SNAPSHOT_FILE,
): Promise<void> {
  await writeFile(file, text);
}

/**
 * A unified diff from the committed snapshot to the live schema (jsdiff, the format `git diff`
 * prints: `-` only in the snapshot, `+` only in the database), or undefined when they match.
 */
export function schemaDrift(
  committed: string,
  live: string,
  snapshotName = path.basename(SCHEMA_SNAPSHOT_FILE),
): string | undefined {
  if (committed === live) return undefined;
  return createTwoFilesPatch(
    `${snapshotName} (committed)`,
    'migrated database (live catalog)',
    committed,
    live,
    undefined,
    undefined,
    { context: DIFF_CONTEXT_LINES },
  );
}

/** The lines a drift diff adds (present in the database, missing from the snapshot). */
export function addedLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
    .map((line) => line.slice(1));
}

/** The migrated schema differs from the committed snapshot. */
export class SchemaDriftError extends Error {
  override name = 'SchemaDriftError';
  constructor(diff: string) {
    super(
      `The migrated schema differs from ${path.basename(SCHEMA_SNAPSHOT_FILE)} (lines with + are in the database only, - in the snapshot only). If the change is intended, run \`pnpm verify --update-snapshot\` and commit the file.\n\n${diff}`,
    );
  }
}
