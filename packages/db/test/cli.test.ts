import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { appendFile, chmod, cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  embeddedPasswordFile,
  embeddedServerSettings,
  readEmbeddedPassword,
  isEmbeddedServerRunning,
  readPostmasterStatus,
  stopEmbeddedServer,
} from '../src/embedded-server/embedded-server.js';
import { MIGRATION_LOCK_KEY } from '../src/migrations/migration-lock.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { freePort } from '../src/testing/free-port.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database.js';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';
import {
  cliEnv,
  runCli,
  startCli,
  startProcess,
  WORKSPACE_ROOT,
  type CliResult,
} from './run-cli.js';
import { withClient } from './support.js';
import { FORWARD_IDS } from './feature-rows.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
/** Scenarios that start a server or run turbo get longer than the default 60 s on a busy machine. */
const SLOW_TEST_MS = 180_000;
const adminUrl = inject('adminUrl');

// A login role with a password no message may ever print. It is dropped last (hooks run in
// reverse), after the databases holding its objects.
const role = `ainp_cli_${randomBytes(4).toString('hex')}`;
const password = `cli-s3cr3t-${randomBytes(6).toString('hex')}`;
await withClient(adminUrl, (c) =>
  c.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`),
);
afterAll(() => withClient(adminUrl, (c) => c.query(`DROP ROLE IF EXISTS ${role}`)));

// A TEST_DATABASE_URL server may trust every login (no password asked); a wrong password cannot
// be refused there, so that one case only runs where the server checks passwords.
const serverChecksPasswords = await (async () => {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = 'not-the-password';
  return withClient(url.toString(), async () => false).catch(() => true);
})();

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A database of its own for one test, and its URL with the role's credentials. */
async function database(kind: 'empty' | 'migrated'): Promise<TestDatabase & { cliUrl: string }> {
  const db = await createTestDatabase(adminUrl, {
    template: kind === 'migrated' ? inject('templateDatabase') : undefined,
  });
  databases.push(db);
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  return { ...db, cliUrl: url.toString() };
}

async function tempDir(prefix: string, from?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  if (from !== undefined) await cp(from, dir, { recursive: true });
  return dir;
}

// Even a test that forgets DATABASE_URL must not touch a developer's .ainp-data.
const fallbackDataDir = path.join(await tempDir('ainp-cli-unused-'), 'data');
const envFor = (overrides: Record<string, string>) =>
  cliEnv({ AINP_PG_DATA_DIR: fallbackDataDir, ...overrides });

/** Asserts a failed command: this exit code, exactly one `error:` line, no secret anywhere. */
function expectOneLineError(result: CliResult, code: number, ...secrets: string[]): string {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
  for (const secret of [password, ...secrets]) {
    expect(result.stdout + result.stderr).not.toContain(secret);
  }
  return result.stderr;
}

const appliedIds = (db: TestDatabase) =>
  withClient(db.url, async (c) => {
    const found = await c.query(`SELECT to_regclass('migrations') IS NOT NULL AS found`);
    if (!found.rows[0].found) return [];
    return (await c.query('SELECT id FROM migrations ORDER BY id')).rows.map((r) => r.id);
  });

describe.concurrent('the CLIs on bad input', () => {
  it.each(['migrate', 'migrate-status'])('%s: an unreachable server', async (command) => {
    const port = await freePort();
    const url = `postgres://${role}:${password}@127.0.0.1:${port}/ainp`;
    const error = expectOneLineError(await runCli(command, [], envFor({ DATABASE_URL: url })), 1);
    expect(error).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${port}/ainp (ECONNREFUSED)`);
  });

  it.skipIf(!serverChecksPasswords)('migrate: a wrong password', async () => {
    const db = await database('empty');
    const url = new URL(db.cliUrl);
    url.password = 'wrong-s3cr3t-pw';
    const result = await runCli('migrate', [], envFor({ DATABASE_URL: url.toString() }));
    const error = expectOneLineError(result, 1, 'wrong-s3cr3t-pw');
    expect(error).toContain('rejected the login');
    expect(error).toContain(`password authentication failed for user "${role}"`);
    expect(await appliedIds(db)).toEqual([]);
  });

  it.each([
    ['migrate', 'not a url s3cr3t-pw', 'is not a valid URL'],
    ['migrate', 'mysql://root:s3cr3t-pw@localhost:3306/ainp', 'must start with postgres://'],
    ['migrate', 'postgres://ainp:s3cr3t-pw@localhost:99999/ainp', 'is not a valid URL'],
    ['migrate-status', 'postgres//ainp:s3cr3t-pw@localhost/ainp', 'is not a valid URL'],
    [
      'migrate',
      'postgres://ainp:s3cr3t-pw@@localhost/ainp',
      'is malformed: it has more than one "@" before the host',
    ],
  ])('%s: a malformed DATABASE_URL %j', async (command, url, says) => {
    const result = await runCli(command, [], envFor({ DATABASE_URL: url }));
    const error = expectOneLineError(result, 1, 's3cr3t-pw');
    expect(error).toContain(says);
    expect(error).toContain('Nothing was changed');
  });

  it.each([
    'not a url s3cr3t-pw',
    'postgres//ainp:s3cr3t-pw@localhost/ainp',
    'postgres://ainp:s3cr3t-pw@localhost:99999/ainp',
  ])(
    'migrate with AINP_DEBUG=1 and a malformed DATABASE_URL %j prints no password',
    async (url) => {
      const result = await runCli('migrate', [], envFor({ DATABASE_URL: url, AINP_DEBUG: '1' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: DATABASE_URL is malformed: it is not a valid URL/);
      expect(result.stderr).toContain('ConfigurationError');
      expect(result.stdout + result.stderr).not.toContain('s3cr3t');
    },
  );

  it('migrate: a migration with an SQL error is rolled back, naming the file and the server error', async () => {
    const db = await database('empty');
    const result = await runCli(
      'migrate',
      ['--migrations-dir', path.join(FIXTURES, 'sql-error')],
      envFor({ DATABASE_URL: db.cliUrl }),
    );
    const error = expectOneLineError(result, 1);
    expect(error).toContain('Migration 002_broken.sql failed and was rolled back');
    expect(error).toContain('relation "table_that_does_not_exist" does not exist');
    expect(result.stdout).toContain('Applied 001_create_widgets.sql');
    const tables = await withClient(db.url, (c) =>
      c.query(`SELECT to_regclass('widgets') IS NOT NULL AS widgets,
                      to_regclass('gadgets') IS NOT NULL AS gadgets`),
    );
    expect(tables.rows[0]).toEqual({ widgets: true, gadgets: false });
    expect(await appliedIds(db)).toEqual([0, 1]);
  });

  it.each([
    [
      'an applied migration edited afterwards',
      async (dir: string) => {
        await appendFile(path.join(dir, '005_fifth.sql'), '-- edited after it was applied\n');
        await writeFile(path.join(dir, '011_eleventh.sql'), 'CREATE TABLE eleventh (id int);\n');
      },
      'Applied migration 005_fifth.sql has changed since it was applied',
    ],
    [
      'a pending file numbered below an applied one',
      (dir: string) => writeFile(path.join(dir, '003_late.sql'), 'CREATE TABLE late (id int);\n'),
      'Pending migration 003_late.sql is numbered below 010_tenth.sql',
    ],
  ])('migrate: %s is named, and nothing runs', async (_label, change, says) => {
    const db = await database('empty');
    const dir = await tempDir('ainp-cli-fixture-', path.join(FIXTURES, 'gapped'));
    await withClient(db.url, (c) => runMigrations(c, { migrationsDir: dir }));
    await change(dir);
    const result = await runCli(
      'migrate',
      ['--migrations-dir', dir],
      envFor({ DATABASE_URL: db.cliUrl }),
    );
    expect(expectOneLineError(result, 1)).toContain(says);
    expect(await appliedIds(db)).toEqual([0, 1, 5, 10]);
    const created = await withClient(db.url, (c) =>
      c.query(
        `SELECT to_regclass('eleventh') IS NOT NULL OR to_regclass('late') IS NOT NULL AS any`,
      ),
    );
    expect(created.rows[0].any).toBe(false);
  });

  it('migrate: a second runner started during a run waits, then finds nothing to do', async () => {
    const db = await database('empty');
    const env = envFor({ DATABASE_URL: db.cliUrl });
    await withClient(db.url, async (holder) => {
      // Hold the runners' advisory lock so both commands are certainly running at once.
      await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      const runs = [startCli('migrate', [], env), startCli('migrate', [], env)];
      await Promise.all(runs.map((run) => run.waitForOutput(/holds the lock; waiting/)));
      await holder.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      const results = await Promise.all(runs.map((run) => run.done));
      expect(results.map((r) => [r.code, r.stderr])).toEqual([
        [0, ''],
        [0, ''],
      ]);
      const summaries = results.map((r) => r.stdout.trim().split('\n').at(-1) ?? '').sort();
      expect(summaries[0]).toMatch(
        new RegExp(`^Applied ${FORWARD_IDS.length} migrations in [\\d.]+ s\\.$`),
      );
      expect(summaries[1]).toMatch(/^Nothing to apply: the database is up to date/);
    });
    const counts = await withClient(db.url, (c) =>
      c.query('SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM migrations'),
    );
    expect(counts.rows[0]).toEqual({ n: FORWARD_IDS.length + 1, ids: FORWARD_IDS.length + 1 });
  });
});

describe.concurrent('migrate:status', () => {
  it('exits 0 and lists every applied file when the database is up to date', async () => {
    const db = await database('migrated');
    const result = await runCli('migrate-status', [], envFor({ DATABASE_URL: db.cliUrl }));
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout.match(/^ {2}applied +\d{3}_\w+\.sql/gm)).toHaveLength(FORWARD_IDS.length);
    expect(result.stdout).toContain(
      `${FORWARD_IDS.length} applied, 0 pending, 0 changed, 0 missing, 0 invalid index(es).`,
    );
  });

  it('exits 1 and lists the pending files', async () => {
    const db = await database('empty');
    const result = await runCli('migrate-status', [], envFor({ DATABASE_URL: db.cliUrl }));
    expect([result.code, result.stderr]).toEqual([1, '']);
    expect(result.stdout).toContain('  pending  001_add_agent_registration_fields.sql');
    expect(result.stdout).toContain(
      `0 applied, ${FORWARD_IDS.length} pending, 0 changed, 0 missing, 0 invalid index(es).`,
    );
  });

  it('exits 1 and flags a file edited since it was applied as CHANGED', async () => {
    const db = await database('empty');
    // Apply an earlier version of 004 (one comment line more); the file on disk is its edit.
    const earlier = await tempDir('ainp-cli-earlier-', MIGRATIONS_DIR);
    await appendFile(path.join(earlier, '004_add_negotiation_sessions.sql'), '-- draft\n');
    await withClient(db.url, (c) => runMigrations(c, { migrationsDir: earlier }));
    const result = await runCli('migrate-status', [], envFor({ DATABASE_URL: db.cliUrl }));
    expect([result.code, result.stderr]).toEqual([1, '']);
    expect(result.stdout).toMatch(/^ {2}CHANGED +004_add_negotiation_sessions\.sql .*edited/m);
    expect(result.stdout).toContain(
      `${FORWARD_IDS.length} applied, 0 pending, 1 changed, 0 missing, 0 invalid index(es).`,
    );
  });
});

describe.concurrent('--help and unknown options', () => {
  const commands = ['migrate', 'migrate-status', 'db-start', 'db-stop'];

  it.each(commands)('%s --help exits 0 and prints its usage', async (command) => {
    const result = await runCli(command, ['--help'], envFor({}));
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(/^Usage: ainp .*\n {7}pnpm /);
  });

  it.each(commands)('%s --frobnicate exits 2 with one error line', async (command) => {
    const error = expectOneLineError(await runCli(command, ['--frobnicate'], envFor({})), 2);
    expect(error).toContain('Unknown option --frobnicate');
  });
});

describe.concurrent('the zero-setup embedded PostgreSQL', () => {
  it(
    'is started for a command and stopped after it, or kept running by db:start',
    async () => {
      const root = await tempDir('ainp-cli-zero-setup-');
      // As root the server runs as the `postgres` user, which must be able to enter the folder.
      await chmod(root, 0o755);
      const dataDir = path.join(root, 'data');
      const port = await freePort();
      const env = cliEnv({ AINP_PG_DATA_DIR: dataDir, AINP_PG_PORT: String(port) });
      const settings = embeddedServerSettings({}, env);
      const ok = async (command: string) => {
        const result = await runCli(command, [], env);
        expect([result.code, result.stderr]).toEqual([0, '']);
        return result.stdout;
      };
      try {
        const first = await ok('migrate');
        expect(first).toContain('Creating the embedded PostgreSQL 18 data directory');
        expect(first).toContain(`Applied ${FORWARD_IDS.length} migrations`);
        expect(await readPostmasterStatus(dataDir)).toBeUndefined();

        expect(await ok('migrate')).toContain('Nothing to apply');
        expect(await readPostmasterStatus(dataDir)).toBeUndefined();

        const started = await ok('db-start');
        // The one place the password is printed: the URL the owner asked for, saying where it is kept.
        const password = readEmbeddedPassword(settings)!;
        const psqlUrl = `postgres://postgres:${password}@127.0.0.1:${port}/ainp`;
        expect(started).toContain(`psql ${psqlUrl}\n`);
        expect(started).toContain(
          `kept in ${embeddedPasswordFile(settings)} (readable only by you)`,
        );
        expect(first).not.toContain(password);
        expect(await isEmbeddedServerRunning(settings)).toBe(true);
        const pid = (await readPostmasterStatus(dataDir))?.pid;
        expect(pid).toBeGreaterThan(0);
        const kept = await withClient(psqlUrl, (c) => c.query('SELECT id FROM migrations'));
        expect(kept.rowCount).toBe(FORWARD_IDS.length + 1);

        const reused = await ok('migrate');
        expect(reused).not.toContain(password);
        expect(reused).toContain('(already running)');
        expect(reused).toContain('Nothing to apply');
        expect((await readPostmasterStatus(dataDir))?.pid).toBe(pid);
        expect(await isEmbeddedServerRunning(settings)).toBe(true);

        expect(await ok('db-stop')).toBe('Stopped the embedded PostgreSQL 18.\n');
        expect(await readPostmasterStatus(dataDir)).toBeUndefined();
        expect(await ok('db-stop')).toBe('No embedded PostgreSQL was running.\n');
      } finally {
        await stopEmbeddedServer(settings).catch(() => {});
      }
    },
    SLOW_TEST_MS,
  );

  it('refuses, with one error line and nothing changed, a port another program listens on', async () => {
    const root = await tempDir('ainp-cli-port-taken-');
    const other = net.createServer();
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    const { port } = other.address() as net.AddressInfo;
    try {
      const env = cliEnv({ AINP_PG_DATA_DIR: path.join(root, 'data'), AINP_PG_PORT: String(port) });
      const error = expectOneLineError(await runCli('migrate', [], env), 1);
      expect(error).toContain(`Port ${port} on 127.0.0.1 is in use`);
      expect(error).toContain('No database was changed');
      expect(await readdir(root)).toEqual([]);
    } finally {
      other.close();
    }
  });
});

describe.concurrent('pnpm turbo migrate', () => {
  it(
    'passes DATABASE_URL through turbo’s strict environment to the migrate task',
    async () => {
      const db = await database('empty');
      const turbo = path.join(WORKSPACE_ROOT, 'node_modules', '.bin', 'turbo');
      const result = await startProcess(turbo, ['migrate'], {
        cwd: WORKSPACE_ROOT,
        env: envFor({ DATABASE_URL: db.cliUrl }),
      }).done;
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain(`Applied ${FORWARD_IDS.length} migrations`);
      expect(result.stdout + result.stderr).not.toContain(password);
      expect(await appliedIds(db)).toEqual([0, ...FORWARD_IDS]);
    },
    SLOW_TEST_MS,
  );
});
