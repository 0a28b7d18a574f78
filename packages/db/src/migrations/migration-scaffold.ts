import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { DISABLE_TRANSACTION_HEADER } from './migration-settings.js';
import { migrationNumber } from './migration-number.js';
import { VERIFY_SCRIPTS } from '../sql-scripts/verify-scripts.js';
import { MIGRATIONS_DIR, PACKAGE_DIR, ROLLBACKS_DIR, VERIFY_DIR } from '../workspace-paths.js';

/** The marker every scaffolded piece carries until someone writes it; `pnpm verify` lists them. */
export const SCAFFOLD_TODO = 'TODO(migrate:new)';

export interface ScaffoldPaths {
  readonly migrationsDir: string;
  readonly rollbacksDir: string;
  readonly verifyDir: string;
  /** The rollback registry (rollback-features.ts). */
  readonly registryFile: string;
  /** The verification script that gets the new section. */
  readonly verifyScript: string;
}

export const DEFAULT_SCAFFOLD_PATHS: ScaffoldPaths = {
  migrationsDir: MIGRATIONS_DIR,
  rollbacksDir: ROLLBACKS_DIR,
  verifyDir: VERIFY_DIR,
  registryFile: path.join(PACKAGE_DIR, 'src', 'rollbacks', 'rollback-features.ts'),
  verifyScript: VERIFY_SCRIPTS[VERIFY_SCRIPTS.length - 1]!,
};

export interface ScaffoldedMigration {
  readonly id: number;
  readonly forward: string;
  readonly rollback: string;
  readonly feature: string;
  readonly created: readonly string[];
  readonly changed: readonly string[];
}

const REGISTRY_ANCHOR = 'export const ROLLBACK_FEATURES: readonly RollbackFeature[] = [\n';
const VERIFY_ANCHOR = '-- The summary, and the exit code';

/** `add_agent_notes` from `add-agent-notes`, `Add agent notes` ...; refuses anything else. */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (!/^[a-z][a-z0-9_]{2,59}$/.test(slug)) {
    throw new UsageError(
      `Migration name "${name}" must be 3-60 letters, digits, underscores or dashes, starting with a letter (for example add_agent_notes). Nothing was created.`,
    );
  }
  return slug;
}

async function highestNumber(dirs: readonly string[]): Promise<number> {
  let highest = 0;
  for (const dir of dirs) {
    for (const entry of await readdir(dir)) {
      const id = /^(\d+)_/.exec(entry)?.[1];
      if (id !== undefined) highest = Math.max(highest, Number(id));
    }
  }
  return highest;
}

function forwardTemplate(fileName: string): string {
  return `-- ${fileName}: ${SCAFFOLD_TODO} say what this migration adds and why, then write it below.
--
-- It runs in one transaction with lock_timeout 1 s; a lock timeout rolls it back and retries it.
-- Header lines right here may set its own: \`-- ainp: lock_timeout = 5s\`, \`-- ainp: lock_retries = 3\`,
-- \`-- ainp: statement_timeout = 10min\`. CREATE INDEX CONCURRENTLY needs a file of its own that holds
-- that one statement and the postgres-migrations disable-transaction header line.
-- On a table that has rows (docs/changing-a-live-database.md): CHECK / FOREIGN KEY ... NOT VALID,
-- then VALIDATE CONSTRAINT in a later file; a new column nullable or with a constant default; no
-- volatile default (it rewrites the table); count the rows that break a new rule and stop first.
-- Idempotent: IF NOT EXISTS, CREATE OR REPLACE, or a guarded DO block.

-- ${SCAFFOLD_TODO}: write the migration here, then delete this line.
`;
}

function rollbackTemplate(id: string, forward: string, rollback: string, feature: string): string {
  return `-- ${id} (emergency only): undoes ${forward}. ${SCAFFOLD_TODO}: say what it drops, and what
-- refuses it (while something outside the feature still uses it).
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/${rollback}

BEGIN;
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\\ir include/history.sql

DO $rollback$
DECLARE
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. ${SCAFFOLD_TODO}: refuse while something else depends on the feature; count the rows it
  --    loses; drop its objects with IF EXISTS, adding a line to \`report\` for each. Then delete
  --    this RAISE, which keeps the unwritten script from doing anything.
  RAISE EXCEPTION 'Rollback ${rollback} is not written yet (${feature}). Nothing was changed.'
    USING ERRCODE = 'dependent_objects_still_exist';

  -- 2. Keep the migration history true: record, then remove, ${id}'s row.
  report := report || pg_temp.rollback_history(ARRAY[${Number(id)}], '${rollback}');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: ${feature} is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback ${id}: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
`;
}

function registryEntry(id: number, rollback: string, feature: string): string {
  return `  {
    name: '${feature}',
    script: '${rollback}',
    migrationIds: [${id}],
    // ${SCAFFOLD_TODO}: the features this one builds on (rolled back after it), and what it drops.
    buildsOn: [],
    drops: '${SCAFFOLD_TODO}: what the rollback drops',
  },
`;
}

function verifySection(forward: string): string {
  return `-- ${forward}: ${SCAFFOLD_TODO} replace this block with tests of what the migration adds.
DO $test$
BEGIN
  PERFORM pg_temp.report('not written yet: the tests of ${forward}', false, 'pnpm migrate:new left this section for you to write');
END
$test$;

`;
}

/**
 * Creates what a new migration needs, numbered above every existing migration and rollback file:
 * the forward file with its header template, its rollback script and registry entry, and a
 * failing section in a verification script. Writes nothing unless every piece can be written.
 */
export async function scaffoldMigration(
  name: string,
  paths: ScaffoldPaths = DEFAULT_SCAFFOLD_PATHS,
): Promise<ScaffoldedMigration> {
  const slug = migrationSlug(name);
  const id = (await highestNumber([paths.migrationsDir, paths.rollbacksDir])) + 1;
  const number = migrationNumber(id);
  const forward = `${number}_${slug}.sql`;
  const rollbackSlug = slug.replace(/^(add|create)_/, '');
  const rollback = `${number}_rollback_${rollbackSlug}.sql`;
  const feature = rollbackSlug.replace(/_/g, '-');

  const registryPath = paths.registryFile;
  const registry = await readFile(registryPath, 'utf8');
  if (!registry.includes(REGISTRY_ANCHOR)) {
    throw new UsageError(
      `Cannot find the ROLLBACK_FEATURES list in ${registryPath}. Nothing was created.`,
    );
  }
  if (registry.includes(`name: '${feature}'`)) {
    throw new UsageError(
      `A rollback feature named "${feature}" already exists in ${registryPath}; choose another migration name. Nothing was created.`,
    );
  }
  const verifyPath = path.join(paths.verifyDir, paths.verifyScript);
  const verify = await readFile(verifyPath, 'utf8');
  if (!verify.includes(VERIFY_ANCHOR)) {
    throw new UsageError(`Cannot find the summary block in ${verifyPath}. Nothing was created.`);
  }
  const forwardText = forwardTemplate(forward);
  if (forwardText.includes(DISABLE_TRANSACTION_HEADER))
    throw new Error('template disables the transaction');

  const forwardPath = path.join(paths.migrationsDir, forward);
  const rollbackPath = path.join(paths.rollbacksDir, rollback);
  await writeFile(forwardPath, forwardText, { flag: 'wx' });
  await writeFile(rollbackPath, rollbackTemplate(number, forward, rollback, feature), {
    flag: 'wx',
  });
  await writeFile(
    registryPath,
    registry.replace(REGISTRY_ANCHOR, REGISTRY_ANCHOR + registryEntry(id, rollback, feature)),
  );
  await writeFile(
    verifyPath,
    verify.replace(VERIFY_ANCHOR, verifySection(forward) + VERIFY_ANCHOR),
  );
  return {
    id,
    forward,
    rollback,
    feature,
    created: [forwardPath, rollbackPath],
    changed: [registryPath, verifyPath],
  };
}

/** Where scaffolded pieces are still unwritten: `file:line` of each TODO(migrate:new) marker. */
export async function unfinishedScaffolds(
  paths: ScaffoldPaths = DEFAULT_SCAFFOLD_PATHS,
): Promise<string[]> {
  const files: string[] = [paths.registryFile];
  for (const dir of [paths.migrationsDir, paths.rollbacksDir, paths.verifyDir]) {
    files.push(
      ...(await readdir(dir)).filter((f) => f.endsWith('.sql')).map((f) => path.join(dir, f)),
    );
  }
  const found: string[] = [];
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (line.includes(SCAFFOLD_TODO))
        found.push(`${path.relative(PACKAGE_DIR, file)}:${index + 1}`);
    });
  }
  return found;
}
