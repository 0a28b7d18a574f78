import { execFile } from 'node:child_process';
import { runInProcess } from './run-cli.js';
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RowTypesError } from '../src/errors.js';
import { JSONB_COLUMN_SHAPES } from '../src/codegen/jsonb-shapes.js';
import { databaseTypesDrift } from '../src/codegen/database-types-drift.js';
import {
  GENERATED_FILES,
  GENERATED_TYPES_FILE,
  generateDatabaseTypes,
  generateDatabaseTypesFromMigrations,
} from '../src/codegen/generate-database-types.js';
import { readSchemaTables } from '../src/codegen/read-schema-tables.js';
import { freePort } from '../src/testing/free-port.js';
import { findWorkspaceRoot, MIGRATIONS_DIR } from '../src/workspace-paths.js';
import { freshDatabase } from './support.js';
import { FORWARD_IDS } from './feature-rows.js';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<CliResult>((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `pnpm db:types ...` from the workspace root, exactly as a developer or CI types it. */
const pnpmDbTypes = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run('pnpm', ['--silent', 'db:types', ...args], findWorkspaceRoot(), env);

/** The same command in this process, as the `ainp` bin runs it. */
const dbTypes = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runInProcess('db-types', args, { ...process.env, ...env });

const committed = () => readFile(GENERATED_TYPES_FILE, 'utf8');
const label = 'packages/db/src/generated/database-types.ts';

describe('the generated row types', () => {
  it('match the schema the migrations build (regenerate with `pnpm db:types`)', async () => {
    const db = await freshDatabase('migrated');
    const generated = await generateDatabaseTypes(db.pool);
    for (const key of Object.keys(GENERATED_FILES) as (keyof typeof GENERATED_FILES)[]) {
      const file = await readFile(GENERATED_FILES[key], 'utf8');
      expect(databaseTypesDrift(key, file, generated[key], 'the migrations'), key).toBe(undefined);
    }
  });

  it('fall behind when a migration is added without regenerating them', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-types-migrations-'));
    afterAll(() => rm(dir, { recursive: true, force: true }));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await writeFile(
      path.join(dir, '099_add_negotiation_priority.sql'),
      `-- 099: a test migration that adds a column.\nALTER TABLE negotiations ADD COLUMN priority smallint NOT NULL DEFAULT 0;\n`,
    );
    const generated = await generateDatabaseTypesFromMigrations({
      adminUrl: inject('adminUrl'),
      migrationsDir: dir,
    });
    const diff = databaseTypesDrift(label, await committed(), generated.rowTypes, 'the migrations');
    expect(diff).toContain('+  priority: number;');
    expect(diff).toContain('+  priority?: number;');
    // The schema description, and the SQL include the verification scripts read, fall behind too.
    for (const [key, added] of [
      ['schemaDescription', "+          name: 'priority',"],
      ['schemaDescriptionSql', "+  ('negotiations', 15, 'priority', 'smallint', true, '0'),"],
    ] as const) {
      const file = await readFile(GENERATED_FILES[key], 'utf8');
      expect(databaseTypesDrift(key, file, generated[key], 'the migrations'), key).toContain(added);
    }
  });

  it('give every JSONB column a declared shape, and declare shapes only for real columns', async () => {
    const db = await freshDatabase('migrated');
    const jsonColumns = (await readSchemaTables(db.pool)).flatMap((table) =>
      table.columns
        .filter((column) => column.baseType === 'jsonb' || column.baseType === 'json')
        .map((column) => `${table.name}.${column.name}`),
    );
    expect(jsonColumns.sort()).toEqual(Object.keys(JSONB_COLUMN_SHAPES).sort());
  });

  it('name an enumerated varchar column by rule and keep quotes in its values', async () => {
    const db = await freshDatabase('migrated');
    await db.pool.query(
      `CREATE TABLE gadgets (kind varchar(20) NOT NULL CHECK (kind IN ('plain', 'it''s')),
                             note text CHECK (lower(note) IN ('a', 'b')),
                             code text CHECK (code = 'only'))`,
    );
    const generated = (await generateDatabaseTypes(db.pool)).rowTypes;
    expect(generated).toContain(`export const GADGET_KINDS = ['plain', "it's"] as const;`);
    expect(generated).toContain('kind: GadgetKind;');
    expect(generated).toContain('note: string | null;');
    expect(generated).toContain('code: string | null;');
  });

  it.each([
    ['a JSONB column with no declared shape', 'settings jsonb', "'gadgets.settings'"],
    ['an unconstrained numeric', 'ratio numeric', 'gadgets.ratio is numeric'],
    ['a numeric wider than a JS number keeps', 'total numeric(20,2)', 'numeric(20,2)'],
    ['a type without a representation', 'pause interval', 'interval'],
  ])('refuse %s, naming the column', async (_what, column, named) => {
    const db = await freshDatabase('migrated');
    await db.pool.query(`CREATE TABLE gadgets (${column})`);
    const error = await generateDatabaseTypes(db.pool).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RowTypesError);
    expect((error as Error).message).toContain(named);
    expect((error as Error).message).toContain('The generated file was not changed.');
  });
});

describe('pnpm db:types --check', () => {
  it('passes on a migrated database, then fails and shows the column after ALTER TABLE', async () => {
    const db = await freshDatabase('migrated');
    const before = await pnpmDbTypes(['--check'], { DATABASE_URL: db.url });
    expect(before.stderr).toBe('');
    expect(before.stdout).toContain(
      `${label} and packages/db/src/generated/kysely-database.ts and packages/db/src/generated/schema-description.ts and packages/db/verify/include/schema-description.sql match the schema of`,
    );
    expect(before.code).toBe(0);

    await db.pool.query('ALTER TABLE negotiations ADD COLUMN x int');
    const after = await pnpmDbTypes(['--check'], { DATABASE_URL: db.url });
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('+  /** integer */\n+  x: number | null;');
    expect(after.stdout).toContain('+  x?: number | null;');
    expect(after.stdout).toContain("+    x: { type: 'integer', nullable: true");
    expect(after.stdout).toContain('+++ packages/db/src/generated/kysely-database.ts');
    expect(after.stdout).toContain("+  ('negotiations', 15, 'x', 'integer', false, NULL::text)");
    expect(after.stderr).toMatch(/^error: .*do not match the schema of .*\n$/);
  });

  it('refuses a database that is not fully migrated, changing nothing', async () => {
    const db = await freshDatabase('empty');
    const result = await dbTypes(['--check'], { DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: .* is not fully migrated \\(${FORWARD_IDS.length} pending.*pnpm migrate.*\n$`,
      ),
    );
  });

  it('exits 1 on failure also when it started the embedded server itself', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-types-dev-'));
    afterAll(() => rm(dir, { recursive: true, force: true }));
    await chmod(dir, 0o755); // as root, the server runs as `postgres`, which must enter it
    const result = await dbTypes(['--check'], {
      DATABASE_URL: '',
      AINP_PG_DATA_DIR: path.join(dir, 'pg18'),
      AINP_PG_PORT: String(await freePort()),
    });
    expect(result.stderr).toMatch(/^error: embedded PostgreSQL 18 .* is not fully migrated/);
    expect(result.code).toBe(1);
  });

  it('compares with a throwaway database built from the migrations with --from-migrations', async () => {
    const result = await dbTypes(['--check', '--from-migrations'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/never-used',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('match the schema of the migrations in packages/db/migrations');
    expect(result.code).toBe(0);
  });

  it('rejects --from-migrations without --check as bad usage', async () => {
    const result = await dbTypes(['--from-migrations']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --from-migrations only applies with --check');
  });
});
