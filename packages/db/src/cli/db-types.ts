import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AinpDbError, UsageError } from '../errors.js';
import type { GeneratedTypes } from '../codegen/generate-database-types.js';
import { GENERATED_FILES } from '../codegen/generated-files.js';
import { findWorkspaceRoot } from '../workspace-paths.js';
import { defineCommand, writeLine } from './run-command.js';

type GeneratedFile = keyof typeof GENERATED_FILES;
const KEYS = Object.keys(GENERATED_FILES) as GeneratedFile[];
const fileLabel = (key: GeneratedFile) => path.relative(findWorkspaceRoot(), GENERATED_FILES[key]);
const FILE_LABEL = KEYS.map(fileLabel).join(' and ');
const MIGRATIONS_LABEL = 'the migrations in packages/db/migrations';

async function readCommitted(): Promise<Record<GeneratedFile, string | undefined>> {
  const read = (key: GeneratedFile) =>
    readFile(GENERATED_FILES[key], 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  const texts = await Promise.all(KEYS.map(read));
  return Object.fromEntries(KEYS.map((key, i) => [key, texts[i]])) as Record<
    GeneratedFile,
    string | undefined
  >;
}

/** The generated text for the target database, which must have every migration applied. */
async function fromTargetDatabase(
  env: NodeJS.ProcessEnv,
): Promise<{ generated: GeneratedTypes; source: string }> {
  const { DatabaseClient } = await import('../connection/database-client.js');
  const { generateDatabaseTypes } = await import('../codegen/generate-database-types.js');
  const db = DatabaseClient.embedded({ env });
  await db.connect();
  try {
    const status = await db.migrationStatus();
    if (!status.upToDate) {
      const changed = status.applied.filter((entry) => entry.changed).length;
      throw new AinpDbError(
        `${db.description} is not fully migrated (${status.pending.length} pending, ${changed} changed, ${status.missingFiles.length} applied without a file), so its schema is not the one the row types describe. Nothing was checked or changed. Run \`pnpm migrate\` first, or compare with the migrations alone: \`pnpm db:types --check --from-migrations\`.`,
      );
    }
    return { generated: await generateDatabaseTypes(db), source: db.description };
  } finally {
    await db.close();
  }
}

export const dbTypesCommand = defineCommand({
  name: 'types',
  shortForm: 'pnpm db:types',
  summary: 'Generate the row types and the Kysely DB interface from the migrations.',
  examples: ['pnpm db:types', 'pnpm db:types --check --from-migrations'],
  exitCodes:
    '0 written (or, with --check, up to date), 1 stale (with --check: a diff is printed) or a failure, 2 bad usage.',
  usage: '[--check [--from-migrations]]',
  help: `
Generates the row types, the Kysely DB interface and the schema description (TypeScript and
the verification scripts' SQL include), ${FILE_LABEL}, from the schema the migrations
build: it migrates a new, empty database on a throwaway embedded PostgreSQL from
packages/db/migrations and reads its catalog (columns, types, nullability, defaults, values
enumerated by CHECK constraints). The file depends on the migrations only, never on DATABASE_URL.
Run it after adding a migration and commit the result. The JSONB shapes it refers to are
hand-written in packages/db/src/codegen/jsonb-shapes.ts.

With --check it writes nothing: it exits 1 and prints a diff when a committed file does not
match the schema of
  - the target database (DATABASE_URL, else the embedded development database), which must have
    every migration applied: "do the types describe this database?" (catches a hand-made change);
  - or, with --from-migrations, a throwaway database migrated from the files: "were the types
    regenerated after the last migration?" (what the test suite checks).

Options:
  --check            Compare instead of writing; exit 1 with a diff on any difference.
  --from-migrations  With --check: compare with the migrations, not the target database.
  -h, --help         Show this help.`,
  options: { check: { type: 'boolean' }, 'from-migrations': { type: 'boolean' } },
  async run({ values }, io) {
    if (values['from-migrations'] === true && values.check !== true) {
      throw new UsageError(
        '--from-migrations only applies with --check (writing always uses the migrations). Run `pnpm db:types --help` for usage.',
      );
    }
    const { generateDatabaseTypesFromMigrations } =
      await import('../codegen/generate-database-types.js');
    const { generatedFilesDrift } = await import('../codegen/database-types-drift.js');
    const committed = await readCommitted();
    if (values.check !== true) {
      writeLine(
        io.stdout,
        `Generating from a throwaway database migrated from ${MIGRATIONS_LABEL}...`,
      );
      const generated = await generateDatabaseTypesFromMigrations();
      const changed = KEYS.filter((key) => generated[key] !== committed[key]);
      if (changed.length === 0) {
        writeLine(io.stdout, `${FILE_LABEL} are up to date.`);
        return;
      }
      for (const key of changed) {
        await mkdir(path.dirname(GENERATED_FILES[key]), { recursive: true });
        await writeFile(GENERATED_FILES[key], generated[key]);
      }
      writeLine(
        io.stdout,
        `Wrote ${changed.map(fileLabel).join(' and ')}. Commit it with the migration that changed the schema.`,
      );
      return;
    }
    const { generated, source } =
      values['from-migrations'] === true
        ? {
            generated: await generateDatabaseTypesFromMigrations(),
            source: MIGRATIONS_LABEL,
          }
        : await fromTargetDatabase(io.env);
    const diff = generatedFilesDrift(fileLabel, committed, generated, source);
    if (diff === undefined) {
      writeLine(io.stdout, `${FILE_LABEL} match the schema of ${source}.`);
      return;
    }
    io.stdout.write(diff);
    const next =
      values['from-migrations'] === true
        ? 'Run `pnpm db:types` and commit the result.'
        : 'If a migration changed the schema, run `pnpm db:types` and commit the result; if the database was changed by hand, it has drifted from the migrations (`pnpm db:types --check --from-migrations` tells the two apart).';
    io.stderr.write(
      `error: ${FILE_LABEL} do not match the schema of ${source} (diff above: - committed, + schema). Nothing was changed. ${next}\n`,
    );
    return 1;
  },
});
