import { cp, mkdtemp, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MigrationChecksumError,
  MigrationFailedError,
  MigrationOrderError,
} from '../src/errors.js';
import { withMigrationLock } from '../src/migrations/migration-lock.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { migrationStatus } from '../src/migrations/migration-status.js';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';
import { FORWARD_IDS, FORWARD_MIGRATIONS } from './feature-rows.js';
import { freshDatabase, withClient } from './support.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const FORWARD_FILES = FORWARD_MIGRATIONS;

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));
async function copyOf(sourceDir: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-migrations-'));
  tempDirs.push(dir);
  await cp(sourceDir, dir, { recursive: true });
  return dir;
}

describe('the migration runner', () => {
  it('holds exactly the forward migrations: the six original files, 012, 013, 014, the rules of 015-028, then 030-039, 040 and 041', async () => {
    expect((await readdir(MIGRATIONS_DIR)).sort()).toEqual(FORWARD_FILES);
  });

  it('migrates an empty database, then a re-run applies nothing', async () => {
    const db = await freshDatabase('empty');
    const first = await withClient(db.url, (client) => runMigrations(client));
    expect(first.map((m) => m.fileName)).toEqual(FORWARD_FILES);
    const second = await withClient(db.url, (client) => runMigrations(client));
    expect(second).toEqual([]);
    const { rows } = await db.pool.query('SELECT id FROM migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([0, ...FORWARD_IDS]);
    const status = await migrationStatus(db.pool);
    expect(status.upToDate).toBe(true);
    expect(status.pending).toEqual([]);
  });

  it('looks applied rows up by id, so gapped ids survive a third run with new files', async () => {
    const db = await freshDatabase('empty');
    const dir = await copyOf(path.join(FIXTURES, 'gapped'));
    expect((await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }))).length).toBe(
      3,
    );
    expect(await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }))).toEqual([]);
    await writeFile(path.join(dir, '012_twelfth.sql'), 'CREATE TABLE twelfth_table (id int);\n');
    const third = await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }));
    expect(third.map((m) => m.fileName)).toEqual(['012_twelfth.sql']);
    expect(await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }))).toEqual([]);
  });

  it('rolls back a failing migration, names the file and the server error, and keeps earlier ones', async () => {
    const db = await freshDatabase('empty');
    const dir = path.join(FIXTURES, 'sql-error');
    const error = await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as MigrationFailedError).fileName).toBe('002_broken.sql');
    expect((error as Error).message).toContain('002_broken.sql failed and was rolled back');
    expect((error as Error).message).toContain(
      'relation "table_that_does_not_exist" does not exist',
    );
    const tables = await db.pool.query(
      `SELECT to_regclass('widgets') IS NOT NULL AS widgets, to_regclass('gadgets') IS NOT NULL AS gadgets`,
    );
    expect(tables.rows[0]).toEqual({ widgets: true, gadgets: false });
    const { rows } = await db.pool.query('SELECT id FROM migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([0, 1]);
  });

  it('refuses to run when an applied migration was edited, naming the file, and changes nothing', async () => {
    const db = await freshDatabase('empty');
    const dir = await copyOf(path.join(FIXTURES, 'gapped'));
    await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }));
    await appendFile(path.join(dir, '005_fifth.sql'), '-- an edit after the fact\n');
    await writeFile(path.join(dir, '011_eleventh.sql'), 'CREATE TABLE eleventh_table (id int);\n');
    const error = await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as Error).message).toContain('005_fifth.sql');
    const { rows } = await db.pool.query(`SELECT to_regclass('eleventh_table') IS NULL AS absent`);
    expect(rows[0].absent).toBe(true);
    const status = await migrationStatus(db.pool, dir);
    expect(status.upToDate).toBe(false);
    expect(status.applied.filter((a) => a.changed).map((a) => a.file.fileName)).toEqual([
      '005_fifth.sql',
    ]);
  });

  it('refuses a pending file numbered below an applied one, naming it', async () => {
    const db = await freshDatabase('empty');
    const dir = await copyOf(path.join(FIXTURES, 'gapped'));
    await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }));
    await writeFile(path.join(dir, '003_late.sql'), 'CREATE TABLE late_table (id int);\n');
    const error = await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationOrderError);
    expect((error as Error).message).toContain('003_late.sql');
    expect((error as Error).message).toContain('010_tenth.sql');
    const { rows } = await db.pool.query(`SELECT to_regclass('late_table') IS NULL AS absent`);
    expect(rows[0].absent).toBe(true);
    expect((await migrationStatus(db.pool, dir)).outOfOrder.map((f) => f.fileName)).toEqual([
      '003_late.sql',
    ]);
  });

  it('re-applies a file that an emergency rollback removed, even below the highest applied id', async () => {
    const db = await freshDatabase('empty');
    const dir = await copyOf(path.join(FIXTURES, 'gapped'));
    await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }));
    await db.pool.query(`
      INSERT INTO migration_rollbacks (migration_id, name, hash, rollback_file)
        SELECT id, name, hash, 'test' FROM migrations WHERE id = 5;
      DELETE FROM migrations WHERE id = 5;
      DROP TABLE fifth_table;`);
    const again = await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }));
    expect(again.map((m) => m.fileName)).toEqual(['005_fifth.sql']);
  });

  it('makes a second runner wait for the lock, then find nothing to do', async () => {
    const db = await freshDatabase('empty');
    const first = new pg.Client({ connectionString: db.url });
    await first.connect();
    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    // The first run holds the lock (re-entrant on its session) and applies everything once released.
    const firstRun = withMigrationLock(first, async () => {
      await gate;
      return runMigrations(first);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines: string[] = [];
    let secondDone = false;
    const secondRun = withClient(db.url, (c) =>
      runMigrations(c, { log: (line) => lines.push(line) }),
    ).finally(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(secondDone).toBe(false);
    expect(lines).toEqual(['Another migration run holds the lock; waiting for it to finish...']);
    go();
    expect((await firstRun).length).toBe(FORWARD_FILES.length);
    await first.end();
    expect(await secondRun).toEqual([]);
  });

  it('lets two runners started together apply each file exactly once', async () => {
    const db = await freshDatabase('empty');
    const [a, b] = await Promise.all([
      withClient(db.url, (c) => runMigrations(c)),
      withClient(db.url, (c) => runMigrations(c)),
    ]);
    expect([a.length, b.length].sort()).toEqual([0, FORWARD_FILES.length]);
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM migrations',
    );
    expect(rows[0]).toEqual({ n: FORWARD_FILES.length + 1, ids: FORWARD_FILES.length + 1 });
  });
});
