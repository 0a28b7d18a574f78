import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readCatalogSnapshot } from '../src/codegen/catalog-snapshot.js';
import { MigrationLockTimeoutError, UsageError } from '../src/errors.js';
import type { MigrationSettings } from '../src/migrations/migration-settings.js';
import { planPendingMigrations, runMigrations } from '../src/migrations/migration-runner.js';
import { migrationStatus } from '../src/migrations/migration-status.js';
import { ROLLBACK_FEATURES } from '../src/rollbacks/rollback-features.js';
import { runRollbacks } from '../src/rollbacks/rollback-runner.js';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';
import { rollBackIntegrity } from './feature-rows.js';
import { freshDatabase, withClient } from './support.js';

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Numbers for test files above every real migration, so only they are pending. */
const highest = Math.max(
  ...(await readdir(MIGRATIONS_DIR)).map((name) => Number(/^(\d+)_/.exec(name)?.[1] ?? 0)),
);
const fileName = (offset: number, slug: string) =>
  `${String(highest + offset).padStart(3, '0')}_${slug}.sql`;

/** The real migrations plus `extra` files, in a folder of their own. */
async function migrationsPlus(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-live-migrations-'));
  tempDirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) await writeFile(path.join(dir, name), sql);
  return dir;
}

const NON_TRANSACTIONAL = '-- postgres-migrations disable-transaction\n';
/** Short timeouts and short waits, so the tests spend seconds, not the default 30+. */
const FAST: MigrationSettings = { lockTimeoutMs: 300, statementTimeoutMs: 0, lockRetries: 60 };
const shortSleep = () => new Promise<void>((resolve) => setTimeout(resolve, 50));

/** A session of its own, named so that the runner's retry lines can be checked for it. */
async function session(url: string, applicationName: string) {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  client.on('error', () => {});
  await client.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return { client, pid };
}

/** Resolves on the `count`th log line that matches `pattern`. */
function logWatch(pattern: RegExp, count = 1) {
  const lines: string[] = [];
  let resolve!: () => void;
  const reached = new Promise<void>((r) => (resolve = r));
  return {
    lines,
    reached,
    log: (line: string) => {
      lines.push(line);
      if (lines.filter((l) => pattern.test(l)).length === count) resolve();
    },
  };
}

/** Polls a condition in the database (a state no event reports), up to a generous deadline. */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function appliedIds(pool: pg.Pool): Promise<number[]> {
  return (await pool.query<{ id: number }>('SELECT id FROM migrations ORDER BY id')).rows.map(
    (r) => r.id,
  );
}

async function indexValid(pool: pg.Pool, name: string): Promise<boolean | null> {
  const { rows } = await pool.query<{ valid: boolean }>(
    `SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = to_regclass($1)`,
    [name],
  );
  return rows[0]?.valid ?? null;
}

describe('lock timeouts with retries', () => {
  it('retries a file blocked by an open transaction, naming its pid, and applies it once that ends; readers never queue for long', async () => {
    const db = await freshDatabase('migrated');
    const alter = fileName(1, 'alter_agents');
    const dir = await migrationsPlus({
      [alter]: 'ALTER TABLE agents ADD COLUMN IF NOT EXISTS live_note text;\n',
    });
    const holder = await session(db.url, 'lock holder');
    await holder.client.query('BEGIN');
    await holder.client.query('SELECT count(*) FROM agents');

    // A third session reads agents in a loop: it must never wait behind the queued ALTER for long.
    const reader = await session(db.url, 'reader');
    let reading = true;
    let longestReadMs = 0;
    const readLoop = (async () => {
      while (reading) {
        const started = performance.now();
        await reader.client.query('SELECT 1 FROM agents LIMIT 1');
        longestReadMs = Math.max(longestReadMs, performance.now() - started);
      }
    })();

    const watch = logWatch(/^Retry /, 8);
    const run = withClient(db.url, (client) =>
      runMigrations(client, {
        migrationsDir: dir,
        settings: FAST,
        sleep: shortSleep,
        log: watch.log,
      }),
    );
    await watch.reached; // 8 lock timeouts: the holder has blocked the ALTER for > 2.4 s by now
    await holder.client.query('COMMIT');
    const applied = await run;
    reading = false;
    await readLoop;
    await Promise.all([holder.client.end(), reader.client.end()]);

    expect(applied.map((m) => m.fileName)).toEqual([alter]);
    expect(applied[0]!.attempts).toBeGreaterThan(8);
    const retry = watch.lines.find((line) => line.startsWith('Retry 1/60'));
    expect(retry).toContain(`${alter} waited 300 ms for a lock`);
    expect(retry).toContain(
      `pid ${holder.pid} (lock holder, idle in transaction, transaction open`,
    );
    expect(retry).toContain('"SELECT count(*) FROM agents"');
    expect(watch.lines.at(-1)).toMatch(
      new RegExp(`^Applied ${alter} \\(\\d+ ms, attempt \\d+\\)$`),
    );
    // Without the lock timeout the reader would have waited for the holder: more than 2.4 s.
    expect(longestReadMs).toBeLessThan(2000);
    const { rows } = await db.pool.query(
      `SELECT to_regclass('agents') IS NOT NULL AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'agents' AND column_name = 'live_note') AS added`,
    );
    expect(rows[0].added).toBe(true);
  });

  it('gives up after its retries with one line naming the file and the holder; nothing is applied and no later file runs', async () => {
    const db = await freshDatabase('migrated');
    const alter = fileName(1, 'alter_agents');
    const later = fileName(2, 'later_table');
    const dir = await migrationsPlus({
      [alter]: 'ALTER TABLE agents ADD COLUMN IF NOT EXISTS live_note text;\n',
      [later]: 'CREATE TABLE IF NOT EXISTS live_later (id int);\n',
    });
    const before = await appliedIds(db.pool);
    const holder = await session(db.url, 'never ends');
    await holder.client.query('BEGIN');
    await holder.client.query('SELECT count(*) FROM agents');
    const error = await withClient(db.url, (client) =>
      runMigrations(client, {
        migrationsDir: dir,
        settings: { ...FAST, lockRetries: 2 },
        sleep: shortSleep,
      }),
    ).catch((e: unknown) => e);
    await holder.client.query('ROLLBACK');
    await holder.client.end();

    expect(error).toBeInstanceOf(MigrationLockTimeoutError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(
      `Migration ${alter} gave up after 3 attempt(s), each waiting 300 ms for a lock held by pid ${holder.pid} (never ends, idle in transaction`,
    );
    expect(message).toContain(
      'It was rolled back; no later migration ran. No migration was applied.',
    );
    expect((error as MigrationLockTimeoutError).holders.map((h) => h.pid)).toEqual([holder.pid]);
    expect(await appliedIds(db.pool)).toEqual(before);
    const { rows } = await db.pool.query(
      `SELECT to_regclass('live_later') AS later, (SELECT count(*)::int FROM information_schema.columns WHERE table_name = 'agents' AND column_name = 'live_note') AS added`,
    );
    expect(rows[0]).toEqual({ later: null, added: 0 });
  });

  it('sets the lock timeout from a file header over the run’s setting', async () => {
    const db = await freshDatabase('migrated');
    const alter = fileName(1, 'alter_agents');
    const dir = await migrationsPlus({
      [alter]:
        '-- ainp: lock_timeout = 150ms\n-- ainp: lock_retries = 0\nALTER TABLE agents ADD COLUMN IF NOT EXISTS live_note text;\n',
    });
    const holder = await session(db.url, 'holder');
    await holder.client.query('BEGIN');
    await holder.client.query('SELECT count(*) FROM agents');
    const error = await withClient(db.url, (client) =>
      runMigrations(client, { migrationsDir: dir, settings: { ...FAST, lockTimeoutMs: 60_000 } }),
    ).catch((e: unknown) => e);
    await holder.client.query('ROLLBACK');
    await holder.client.end();
    expect((error as Error).message).toContain('gave up after 1 attempt(s), each waiting 150 ms');
  });
});

describe('non-transactional files', () => {
  it('applies a CREATE INDEX CONCURRENTLY file outside a transaction and records it', async () => {
    const db = await freshDatabase('migrated');
    const index = fileName(1, 'index_concurrently');
    const dir = await migrationsPlus({
      [index]: `${NON_TRANSACTIONAL}-- An index built without blocking writes.\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_live_ct_created ON credit_transactions (created_at);\n`,
    });
    const applied = await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }));
    expect(applied).toMatchObject([{ fileName: index, inTransaction: false, attempts: 1 }]);
    expect(await indexValid(db.pool, 'idx_live_ct_created')).toBe(true);
    expect(await appliedIds(db.pool)).toContain(highest + 1);
    // The session's timeouts are put back afterwards.
    expect(await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }))).toEqual([]);
  });

  it('refuses a non-transactional file with two statements, or a concurrent build without IF NOT EXISTS, before anything runs', async () => {
    const db = await freshDatabase('migrated');
    const before = await appliedIds(db.pool);
    const first = fileName(1, 'plain');
    const two = await migrationsPlus({
      [first]: 'CREATE TABLE IF NOT EXISTS live_plain (id int);\n',
      [fileName(2, 'two_statements')]:
        `${NON_TRANSACTIONAL}CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_a ON agents (created_at);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_b ON agents (updated_at);\n`,
    });
    await expect(
      withClient(db.url, (c) => runMigrations(c, { migrationsDir: two })),
    ).rejects.toThrow(
      /runs outside a transaction .* but holds 2 statements; such a file must hold exactly one/,
    );
    const bare = await migrationsPlus({
      [fileName(1, 'no_if_not_exists')]:
        `${NON_TRANSACTIONAL}CREATE INDEX CONCURRENTLY idx_c ON agents (created_at);\n`,
    });
    await expect(
      withClient(db.url, (c) => runMigrations(c, { migrationsDir: bare })),
    ).rejects.toThrow(UsageError);
    expect(await appliedIds(db.pool)).toEqual(before);
    expect((await db.pool.query(`SELECT to_regclass('live_plain') AS t`)).rows[0].t).toBeNull();
  });

  it('retries a concurrent build that timed out on a lock, dropping the INVALID index it left, until it is valid', async () => {
    const db = await freshDatabase('migrated');
    const index = fileName(1, 'index_concurrently');
    const dir = await migrationsPlus({
      [index]: `${NON_TRANSACTIONAL}CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_live_ct_created ON credit_transactions (created_at);\n`,
    });
    // A writer's open transaction: the build waits for it after entering its index, INVALID.
    const writer = await session(db.url, 'writer');
    await writer.client.query('BEGIN');
    await writer.client.query('LOCK TABLE credit_transactions IN ROW EXCLUSIVE MODE');
    const watch = logWatch(/is INVALID .* dropping it concurrently/);
    const run = withClient(db.url, (c) =>
      runMigrations(c, { migrationsDir: dir, settings: FAST, sleep: shortSleep, log: watch.log }),
    );
    await watch.reached;
    await writer.client.query('COMMIT');
    await writer.client.end();
    const applied = await run;
    expect(applied[0]!.attempts).toBeGreaterThan(1);
    expect(
      watch.lines.some((l) => l.startsWith('Retry 1/') && l.includes(`pid ${writer.pid} (writer`)),
    ).toBe(true);
    expect(await indexValid(db.pool, 'idx_live_ct_created')).toBe(true);
    expect((await migrationStatus(db.pool)).invalidIndexes).toEqual([]);
  });

  it('rebuilds an index whose concurrent build was killed midway, on the next run', async () => {
    const db = await freshDatabase('migrated');
    const index = fileName(1, 'index_concurrently');
    const dir = await migrationsPlus({
      [index]: `-- ainp: lock_timeout = 10min\n${NON_TRANSACTIONAL}CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_live_ct_created ON credit_transactions (created_at);\n`,
    });
    const writer = await session(db.url, 'writer');
    await writer.client.query('BEGIN');
    await writer.client.query('LOCK TABLE credit_transactions IN ROW EXCLUSIVE MODE');
    const killed = withClient(db.url, (c) => {
      c.on('error', () => {});
      return runMigrations(c, { migrationsDir: dir });
    }).catch((e: unknown) => e);
    await waitUntil(
      'the build to enter its INVALID index',
      async () => (await indexValid(db.pool, 'idx_live_ct_created')) === false,
    );
    await db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_live_ct_created%' AND pid <> pg_backend_pid()`,
    );
    expect(await killed).toBeInstanceOf(Error);
    await writer.client.query('COMMIT');
    await writer.client.end();

    const status = await migrationStatus(db.pool, dir);
    expect(status.invalidIndexes.map((i) => i.name)).toEqual(['idx_live_ct_created']);
    expect(status.pending.map((f) => f.fileName)).toEqual([index]);
    const lines: string[] = [];
    const applied = await withClient(db.url, (c) =>
      runMigrations(c, { migrationsDir: dir, log: (l) => lines.push(l) }),
    );
    expect(applied.map((m) => m.fileName)).toEqual([index]);
    expect(lines[0]).toContain('index idx_live_ct_created on credit_transactions is INVALID');
    expect(await indexValid(db.pool, 'idx_live_ct_created')).toBe(true);
    expect((await migrationStatus(db.pool)).invalidIndexes).toEqual([]);
  });
});

describe('dry runs and --to', () => {
  it('lists the pending files with their SQL and settings, and changes nothing', async () => {
    const db = await freshDatabase('migrated');
    const alter = fileName(1, 'alter_agents');
    const index = fileName(2, 'index_concurrently');
    const dir = await migrationsPlus({
      [alter]:
        '-- ainp: lock_timeout = 3s\nALTER TABLE agents ADD COLUMN IF NOT EXISTS live_note text;\n',
      [index]: `${NON_TRANSACTIONAL}CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_live_ct_created ON credit_transactions (created_at);\n`,
    });
    const catalogBefore = await readCatalogSnapshot(db.pool);
    const rowsBefore = (await db.pool.query('SELECT * FROM migrations ORDER BY id')).rows;
    const pending = await planPendingMigrations(db.pool, { migrationsDir: dir, settings: FAST });
    expect(
      pending.map((p) => [p.file.fileName, p.settings.inTransaction, p.settings.lockTimeoutMs]),
    ).toEqual([
      [alter, true, 3000],
      [index, false, 300],
    ]);
    expect(pending[0]!.file.sql).toContain('ADD COLUMN IF NOT EXISTS live_note');
    expect(await readCatalogSnapshot(db.pool)).toEqual(catalogBefore);
    expect((await db.pool.query('SELECT * FROM migrations ORDER BY id')).rows).toEqual(rowsBefore);
    expect(
      await planPendingMigrations(db.pool, { migrationsDir: dir, to: highest + 1 }),
    ).toHaveLength(1);
  });

  it('applies pending files up to and including --to, and refuses a number no file has', async () => {
    const db = await freshDatabase('empty');
    const applied = await withClient(db.url, (c) => runMigrations(c, { to: 4 }));
    expect(applied.map((m) => m.id)).toEqual([1, 2, 4]);
    expect(await appliedIds(db.pool)).toEqual([0, 1, 2, 4]);
    await expect(withClient(db.url, (c) => runMigrations(c, { to: 5 }))).rejects.toThrow(
      /--to 5: no migration .* has that number. Nothing was applied./,
    );
    expect(await appliedIds(db.pool)).toEqual([0, 1, 2, 4]);
  });
});

describe('rollbacks under a lock timeout', () => {
  it('retries a rollback script blocked by an open transaction, naming its pid, then rolls back', async () => {
    const db = await freshDatabase('migrated');
    // The features that build on negotiations (issue 12's rules, 030-039) go first.
    await rollBackIntegrity(db.url);
    const feature = ROLLBACK_FEATURES.find((f) => f.name === 'negotiations')!;
    const holder = await session(db.url, 'reading negotiations');
    await holder.client.query('BEGIN');
    await holder.client.query('SELECT count(*) FROM negotiations');
    const watch = logWatch(/^Retry /, 2);
    const run = withClient(db.url, (c) =>
      runRollbacks(c, [feature], {
        settings: FAST,
        sleep: shortSleep,
        log: watch.log,
        watcher: db.pool,
      }),
    );
    // A run that fails at once (a refusal) must fail the test, not leave it waiting for retries.
    await Promise.race([watch.reached, run.then(() => undefined)]);
    await holder.client.query('COMMIT');
    await holder.client.end();
    const done = await run;
    expect(done.map((d) => d.feature)).toEqual([feature.name]);
    expect(watch.lines[0]).toMatch(
      new RegExp(
        `^Retry 1/60: ${feature.script} waited 300 ms for a lock \\(attempt 1 of 61\\), held by pid ${holder.pid} \\(reading negotiations, idle in transaction`,
      ),
    );
    const ids = feature.migrationIds;
    const left = await db.pool.query('SELECT id FROM migrations WHERE id = ANY ($1::int[])', [ids]);
    expect(left.rowCount).toBe(0);
  });
});
