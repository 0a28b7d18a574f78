import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { EmbeddedServerSettings } from './embedded-server-settings.js';
import type { Logger } from '../logger.js';
import { EmbeddedServerError } from '../errors.js';
import { registerSecret } from '../connection/secret-redaction.js';

/**
 * Who may log in to the embedded server: only its owner, the OS user who runs the commands. The
 * superuser has a generated password, kept in `<data dir>.password` (mode 0600, owned by that
 * user), and pg_hba.conf asks every connection for it (scram-sha-256): TCP on 127.0.0.1 and ::1,
 * and the Unix socket, which lives inside the data directory that only the server's OS user can
 * enter. No line trusts anyone.
 */
export const EMBEDDED_HBA = `# Written by @ainp/db: every login needs the password kept in the file next to this data
# directory (<data dir>.password, readable only by its owner). Nothing is trusted.
local   all   all                  scram-sha-256
host    all   all   127.0.0.1/32   scram-sha-256
host    all   all   ::1/128        scram-sha-256
`;

/** Where the superuser's password of the server in `settings.dataDir` is kept. */
export function embeddedPasswordFile(settings: Pick<EmbeddedServerSettings, 'dataDir'>): string {
  return `${path.resolve(settings.dataDir)}.password`;
}

/** The stored password, or undefined before the server was first set up. */
export function readEmbeddedPassword(
  settings: Pick<EmbeddedServerSettings, 'dataDir'>,
): string | undefined {
  try {
    const password = readFileSync(embeddedPasswordFile(settings), 'utf8').trim();
    if (password === '') return undefined;
    registerSecret(password);
    return password;
  } catch {
    return undefined;
  }
}

/** A password that needs no quoting in a URL or an SQL literal: 32 base64url characters. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** True when an uncommented pg_hba.conf line uses `trust`. */
export function hbaTrustsAnyone(hba: string): boolean {
  return hba
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .some((line) => line !== '' && /(^|\s)trust(\s|$)/.test(line));
}

/**
 * Makes sure the data directory admits only its owner, before the server starts: a password file
 * (made now if missing), the superuser's password set to it (in single-user mode, so no
 * connection is ever accepted without it), and pg_hba.conf without `trust`. A data directory made
 * by an earlier version (trust, no password file) is upgraded in place, with one line to `log`.
 * Returns the password.
 */
export async function secureDataDirectory(
  settings: EmbeddedServerSettings,
  postgresBinary: string,
  options: { fresh: boolean; log: Logger },
): Promise<string> {
  const owner = await fs.stat(settings.dataDir);
  return secure(settings, options, (password) =>
    setSuperuserPasswordOffline(settings, postgresBinary, password, owner),
  );
}

/**
 * The same for a server that is already running, started by an earlier version that trusted
 * local connections: sets the password over `connect` (still trusted at that moment), then
 * reloads pg_hba.conf, after which the password is needed.
 */
export async function secureRunningServer(
  settings: EmbeddedServerSettings,
  connect: () => Promise<pg.Client>,
  log: Logger,
): Promise<string> {
  return secure(settings, { fresh: false, log }, async (password) => {
    const client = await connect();
    try {
      await client.query(`ALTER ROLE CURRENT_USER PASSWORD '${password}'`);
      await writeHba(settings);
      await client.query('SELECT pg_reload_conf()');
    } finally {
      await client.end().catch(() => {});
    }
  });
}

/** True when the data directory still needs a password file or still trusts someone. */
export async function needsSecuring(settings: EmbeddedServerSettings): Promise<boolean> {
  const hba = await fs.readFile(path.join(settings.dataDir, 'pg_hba.conf'), 'utf8').catch(() => '');
  return readEmbeddedPassword(settings) === undefined || hbaTrustsAnyone(hba);
}

async function secure(
  settings: EmbeddedServerSettings,
  options: { fresh: boolean; log: Logger },
  setPassword: (password: string) => Promise<void>,
): Promise<string> {
  if (!options.fresh && !(await needsSecuring(settings))) {
    await fs.chmod(embeddedPasswordFile(settings), 0o600);
    return readEmbeddedPassword(settings)!;
  }
  const password = readEmbeddedPassword(settings) ?? (await writePasswordFile(settings));
  await setPassword(password);
  await writeHba(settings);
  if (!options.fresh) {
    options.log(
      `Upgraded the embedded PostgreSQL data directory at ${settings.dataDir}: logins now need the password kept in ${embeddedPasswordFile(settings)} (readable only by you); pg_hba.conf trusts no one.`,
    );
  }
  return password;
}

/** pg_hba.conf as EMBEDDED_HBA, owned by the server's OS user (the data directory's owner). */
async function writeHba(settings: EmbeddedServerSettings): Promise<void> {
  const file = path.join(settings.dataDir, 'pg_hba.conf');
  await fs.writeFile(file, EMBEDDED_HBA, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const owner = await fs.stat(settings.dataDir);
    await fs.chown(file, owner.uid, owner.gid);
  }
}

/** Creates the password file, readable only by this OS user; an existing one is kept. */
async function writePasswordFile(settings: EmbeddedServerSettings): Promise<string> {
  const file = embeddedPasswordFile(settings);
  const password = generatePassword();
  try {
    await fs.writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = readEmbeddedPassword(settings);
    if (existing !== undefined) return existing;
    await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  }
  await fs.chmod(file, 0o600);
  registerSecret(password);
  return password;
}

/**
 * Sets the superuser's password with `postgres --single`, which accepts no connections: the
 * password goes in on stdin, never on a command line or into a log.
 */
async function setSuperuserPasswordOffline(
  settings: EmbeddedServerSettings,
  postgresBinary: string,
  password: string,
  owner: { uid: number; gid: number },
): Promise<void> {
  const asOwner = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {};
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      postgresBinary,
      ['--single', '-D', settings.dataDir, '-c', 'log_statement=none', 'postgres'],
      { ...asOwner, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('close', resolve);
    child.stdin.end(`ALTER ROLE CURRENT_USER PASSWORD '${password}';\n`);
  });
  const failed = output.join('').match(/(FATAL|ERROR):\s*([^\n]*)/);
  if (code !== 0 || failed) {
    throw new EmbeddedServerError(
      `Could not set the embedded PostgreSQL's password in ${settings.dataDir}${failed ? ` (${failed[2]})` : ` (exit code ${code})`}. The server was not started and no database was changed. Stop any server still using that data directory (\`pnpm db:stop\`) and try again.`,
    );
  }
}
