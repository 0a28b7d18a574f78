import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database.js';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';
import { cliEnv, runCli } from './run-cli.js';
import { withClient } from './support.js';

const adminUrl = inject('adminUrl');
const databases: TestDatabase[] = [];
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const highest = Math.max(
  ...(await readdir(MIGRATIONS_DIR)).map((name) => Number(/^(\d+)_/.exec(name)?.[1] ?? 0)),
);
const next = String(highest + 1).padStart(3, '0');

async function migratedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase(adminUrl, { template: inject('templateDatabase') });
  databases.push(db);
  return db;
}

/** The real migrations plus one pending file that adds a column to agents. */
async function withPendingFile(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-cli-live-'));
  tempDirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  const file = `${next}_add_cli_note.sql`;
  await writeFile(
    path.join(dir, file),
    '-- ainp: lock_timeout = 2s\nALTER TABLE agents ADD COLUMN IF NOT EXISTS cli_note text;\n',
  );
  return { dir, file };
}

const appliedIds = (db: TestDatabase) =>
  withClient(db.url, async (c) =>
    (await c.query('SELECT id FROM migrations ORDER BY id')).rows.map((r) => r.id as number),
  );

describe.concurrent('pnpm migrate on a live database', () => {
  it('--dry-run prints each pending file with its SQL and settings, and changes nothing', async () => {
    const db = await migratedDatabase();
    const { dir, file } = await withPendingFile();
    const before = await appliedIds(db);
    const result = await runCli(
      'migrate',
      ['--dry-run', '--migrations-dir', dir],
      cliEnv({ DATABASE_URL: db.url }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '1 pending migration(s) would be applied, in this order. Nothing was changed.',
    );
    expect(result.stdout).toContain(
      `── ${file}: in a transaction; lock_timeout 2 s, statement_timeout off, 8 lock retries (header sets lockTimeoutMs)`,
    );
    expect(result.stdout).toContain('ALTER TABLE agents ADD COLUMN IF NOT EXISTS cli_note text;');
    expect(await appliedIds(db)).toEqual(before);
  });

  it('--json prints one JSON document; --to applies up to that number; --lock-timeout is used', async () => {
    const db = await migratedDatabase();
    const { dir, file } = await withPendingFile();
    const env = cliEnv({ DATABASE_URL: db.url });
    const none = await runCli(
      'migrate',
      ['--json', '--to', String(highest), '--migrations-dir', dir],
      env,
    );
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ ok: true, dryRun: false, applied: [] });
    const result = await runCli(
      'migrate',
      ['--json', '--lock-timeout', '500ms', '--migrations-dir', dir],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.applied).toEqual([
      expect.objectContaining({
        id: highest + 1,
        fileName: file,
        attempts: 1,
        inTransaction: true,
      }),
    ]);
    expect(await appliedIds(db)).toContain(highest + 1);
    const status = await runCli('migrate-status', ['--json', '--migrations-dir', dir], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ invalidIndexes: [] });
  });

  it.each([
    [
      ['--lock-timeout', 'soon'],
      '--lock-timeout must be a duration such as 500ms, 1s, 5min or off, not "soon"',
    ],
    [['--lock-retries=-1'], '--lock-retries must be a whole number of retries from 0 to 1000'],
    [
      ['--lock-retries', '-1'],
      'Option --lock-retries needs a value, and the next argument starts with "-"',
    ],
    [['--lock-timout', '1s'], 'Unknown option --lock-timout; did you mean --lock-timeout?'],
    [['--to', 'latest'], '--to takes a migration number such as 14 or 014, not "latest"'],
    [['--to', '3'], '--to 3: no migration in'],
  ])('refuses %j with a usage error (exit 2) and applies nothing', async (args, says) => {
    const db = await createTestDatabase(adminUrl);
    databases.push(db);
    const result = await runCli('migrate', args, cliEnv({ DATABASE_URL: db.url }));
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(result.stderr).toContain(says);
    const tables = await withClient(db.url, (c) =>
      c.query(`SELECT to_regclass('migrations') AS t`),
    );
    expect(tables.rows[0].t).toBeNull();
  });
});
