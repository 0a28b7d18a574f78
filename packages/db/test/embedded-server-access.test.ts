import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  embeddedDatabaseUrl,
  embeddedPasswordFile,
  hasExited,
  startEmbeddedPostgres,
  type EmbeddedServerSettings,
} from '../src/embedded-server/embedded-server.js';
import { freePort } from '../src/testing/free-port.js';
import { withClient } from './support.js';

/**
 * Point 2 of the safety rules: the embedded server admits only its owner. A throwaway OS user
 * tries every way in (TCP on 127.0.0.1 and ::1, the Unix socket, the password file), while the
 * owner's printed URL works with psql. Needs root (to create and remove that user), useradd,
 * runuser and psql; skipped with the reason otherwise.
 */
const PSQL = ['/usr/lib/postgresql/18/bin/psql', '/usr/lib/postgresql/15/bin/psql'].find((p) =>
  existsSync(p),
);
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const missing =
  process.getuid?.() !== 0
    ? 'not running as root, so no throwaway OS user can be created'
    : !has('useradd') || !has('userdel') || !has('runuser')
      ? 'useradd, userdel or runuser is missing'
      : PSQL === undefined
        ? 'no psql in /usr/lib/postgresql/*/bin'
        : undefined;
if (missing !== undefined) console.warn(`Skipping the second-OS-user tests: ${missing}.`);

const SLOW_MS = 180_000;
const otherUser = `ainp_other_${randomBytes(3).toString('hex')}`;
let root: string;
let settings: EmbeddedServerSettings;
let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
const logged: string[] = [];

/** psql as `user` (the owner when undefined), with no password unless the URL has one. */
function psql(user: string | undefined, args: string[]) {
  const command =
    user === undefined ? [PSQL!, ...args] : ['runuser', '-u', user, '--', PSQL!, ...args];
  const result = spawnSync(command[0]!, command.slice(1), {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, PGCONNECT_TIMEOUT: '5', HOME: '/tmp' },
    input: '',
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** The throwaway user tries to log in as the superuser, without a password, on `host`. */
const otherUserLogin = (host: string) =>
  psql(otherUser, [
    '-h',
    host,
    '-p',
    String(settings.port),
    '-U',
    'postgres',
    '-w',
    '-Atc',
    'SELECT 1',
    'postgres',
  ]);

describe.skipIf(missing !== undefined)('the embedded server admits only its owner', () => {
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ainp-access-'));
    await chmod(root, 0o755);
    settings = { major: 18, port: await freePort(), dataDir: path.join(root, 'data') };
    spawnSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', otherUser]);
    server = await startEmbeddedPostgres(settings, (line) => logged.push(line));
  }, SLOW_MS);

  afterAll(async () => {
    if (server !== undefined && !hasExited(server)) await server.stop();
    spawnSync('userdel', [otherUser]);
    await rm(root, { recursive: true, force: true });
  });

  it('keeps the password in a file only the owner can read, and the URL carries it', async () => {
    const file = embeddedPasswordFile(settings);
    const info = await stat(file);
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.uid).toBe(process.getuid?.());
    const password = (await readFile(file, 'utf8')).trim();
    expect(password).toMatch(/^[\w-]{32}$/);
    expect(embeddedDatabaseUrl(settings)).toBe(
      `postgres://postgres:${password}@127.0.0.1:${settings.port}/ainp`,
    );
    expect(await readFile(path.join(settings.dataDir, 'pg_hba.conf'), 'utf8')).not.toMatch(
      /^[^#]*\btrust\b/m,
    );
  });

  it('lets the owner in with the printed URL (psql)', () => {
    const result = psql(undefined, [
      embeddedDatabaseUrl(settings, 'postgres'),
      '-Atc',
      'SELECT 41 + 1',
    ]);
    expect(result.out).toContain('42');
    expect(result.code).toBe(0);
  });

  it('refuses another OS user on 127.0.0.1, ::1 and the Unix socket, and hides the password file', () => {
    for (const host of ['127.0.0.1', '::1', settings.dataDir]) {
      const result = otherUserLogin(host);
      expect(result.code, `${host}: ${result.out}`).not.toBe(0);
      expect(result.out).toMatch(
        /no password supplied|password authentication failed|Permission denied|Connection refused|could not connect/,
      );
    }
    // The password the earlier versions used opens nothing either.
    const guessed = psql(otherUser, [
      `postgres://postgres:postgres@127.0.0.1:${settings.port}/postgres`,
      '-Atc',
      'SELECT 1',
    ]);
    expect(guessed.out).toMatch(/password authentication failed/);
    const read = spawnSync(
      'runuser',
      ['-u', otherUser, '--', 'cat', embeddedPasswordFile(settings)],
      {
        encoding: 'utf8',
      },
    );
    expect(read.status).not.toBe(0);
    expect(read.stderr).toMatch(/Permission denied/);
  });

  it(
    'upgrades a data directory of an earlier version (trust, no password file) in place on the next start',
    async () => {
      await server!.stop();
      // What earlier versions left: pg_hba.conf trusting every local login, and no password file.
      const hbaFile = path.join(settings.dataDir, 'pg_hba.conf');
      const owner = await stat(settings.dataDir);
      await writeFile(
        hbaFile,
        'local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n',
      );
      await chmod(hbaFile, 0o600);
      spawnSync('chown', [`${owner.uid}:${owner.gid}`, hbaFile]);
      await rm(embeddedPasswordFile(settings));
      logged.length = 0;

      server = await startEmbeddedPostgres(settings, (line) => logged.push(line));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(
        /^Upgraded the embedded PostgreSQL data directory at .*pg_hba\.conf trusts no one\.$/,
      );
      expect(logged[0]).not.toContain(
        (await readFile(embeddedPasswordFile(settings), 'utf8')).trim(),
      );
      const refused = otherUserLogin('127.0.0.1');
      expect(refused.code).not.toBe(0);
      expect(refused.out).toMatch(/no password supplied/);
      const kept = await withClient(embeddedDatabaseUrl(settings, 'postgres'), (c) =>
        c.query<{ ok: number }>('SELECT 1 AS ok'),
      );
      expect(kept.rows).toEqual([{ ok: 1 }]);
    },
    SLOW_MS,
  );
});
