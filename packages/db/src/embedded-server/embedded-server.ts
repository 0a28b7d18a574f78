import type { ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { loadEmbeddedPostgres, postgresBinary } from './embedded-server-package.js';
import {
  embeddedPasswordFile,
  generatePassword,
  needsSecuring,
  secureDataDirectory,
  secureRunningServer,
} from './embedded-server-credentials.js';
import {
  EMBEDDED_DATABASE,
  EMBEDDED_USER,
  embeddedDatabaseUrl,
  type EmbeddedServerSettings,
} from './embedded-server-settings.js';
import { silentLogger as silent, type Logger } from '../logger.js';
import { isEmbeddedServerRunning, readPostmasterStatus } from './embedded-server-status.js';
import { EmbeddedServerError } from '../errors.js';

// Settings and status live in their own files; re-exported so callers keep one import.
export * from './embedded-server-settings.js';
export * from './embedded-server-status.js';
export {
  embeddedPasswordFile,
  EMBEDDED_HBA,
  readEmbeddedPassword,
} from './embedded-server-credentials.js';

/** Longest Unix socket path PostgreSQL accepts on every platform (sun_path is 104-108 bytes). */
const MAX_SOCKET_PATH = 100;

/**
 * The socket goes into the data directory, which only the server's OS user can enter; where that
 * path is too long for a socket (or needs quoting), there is no socket and TCP is the only way in.
 */
function socketDirectory(settings: EmbeddedServerSettings): string {
  const dir = path.resolve(settings.dataDir);
  const fits =
    Buffer.byteLength(path.join(dir, `.s.PGSQL.${settings.port}.lock`)) <= MAX_SOCKET_PATH;
  return fits && !/[\s,"'\\]/.test(dir) ? dir : '';
}

/** A running embedded server. `stop()` stops it only if this process started it. */
export interface EmbeddedServerHandle {
  readonly settings: EmbeddedServerSettings;
  readonly startedHere: boolean;
  url(database?: string): string;
  stop(): Promise<void>;
}

/**
 * Returns the embedded server for these settings, starting it (and creating its data directory
 * and the `ainp` database on first use) when it is not already running. A server that was already
 * up, from `pnpm db:start` or another command, is reused and left running.
 */
export async function acquireEmbeddedServer(
  settings: EmbeddedServerSettings,
  log: Logger = silent,
): Promise<EmbeddedServerHandle> {
  const running = await readPostmasterStatus(settings.dataDir);
  const reachable = running !== undefined && (await isEmbeddedServerRunning(settings));
  if (running?.status === 'ready' && !reachable) {
    throw new EmbeddedServerError(
      `The embedded PostgreSQL ${settings.major} is running (pid ${running.pid}) but did not accept a login with the password kept in ${embeddedPasswordFile(settings)} (was the file changed or removed?). No database was changed. Restore the file, or stop the server (\`pnpm db:stop\`), delete the file and run the command again: the next start sets a new password.`,
    );
  }
  if (running !== undefined && reachable) {
    const reused = { ...settings, port: running.port };
    if (await needsSecuring(reused)) {
      // Started by an earlier version that trusted local connections: secure it now, in place.
      await secureRunningServer(
        reused,
        async () => {
          const client = new pg.Client({
            connectionString: embeddedDatabaseUrl(reused, 'postgres'),
          });
          client.on('error', () => {});
          await client.connect();
          return client;
        },
        log,
      );
    }
    return {
      settings: reused,
      startedHere: false,
      url: (database) => embeddedDatabaseUrl(reused, database),
      stop: async () => {},
    };
  }
  const server = await startEmbeddedPostgres(settings, log);
  return {
    settings,
    startedHere: true,
    url: (database) => embeddedDatabaseUrl(settings, database),
    stop: async () => {
      if (hasExited(server)) return;
      await waitForOtherClients(embeddedDatabaseUrl(settings, 'postgres'));
      await server.stop();
    },
  };
}

/** Initialises (first time) and starts the server in this process; returns the package's instance. */
export async function startEmbeddedPostgres(
  settings: EmbeddedServerSettings,
  log: Logger = silent,
) {
  const EmbeddedPostgres = await loadEmbeddedPostgres(settings.major);
  const serverLog: string[] = [];
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    serverLog.push(text);
    if (serverLog.length > 50) serverLog.shift();
  };
  const settingsFlags = Object.entries({
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDirectory(settings),
    unix_socket_permissions: '0700',
    ...settings.serverSettings,
  }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const server = new EmbeddedPostgres({
    databaseDir: settings.dataDir,
    port: settings.port,
    user: EMBEDDED_USER,
    // initdb gets a throwaway password (the package passes it through a temporary file); the real
    // one is set by secureDataDirectory before the server first accepts a connection.
    password: generatePassword(),
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: settingsFlags,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: remember,
    onError: remember,
  });
  const fresh = !(await exists(path.join(settings.dataDir, 'PG_VERSION')));
  await assertPortFree(settings);
  try {
    if (fresh) {
      await assertReachableByServerUser(settings.dataDir);
      log(
        `Creating the embedded PostgreSQL ${settings.major} data directory at ${settings.dataDir}`,
      );
      await initialiseRaceSafe(server);
    }
    await secureDataDirectory(settings, await postgresBinary(settings.major), { fresh, log });
    await server.start();
  } catch (error) {
    if (error instanceof EmbeddedServerError) throw error;
    const detail = serverLog
      .filter((line) => /FATAL|ERROR|error|failed/i.test(line))
      .slice(-1)[0]
      ?.trim();
    throw new EmbeddedServerError(
      `Could not start the embedded PostgreSQL ${settings.major} (data directory ${settings.dataDir}, port ${settings.port})${detail ? `: ${detail}` : ''}. No database was changed. Check the data directory, or set AINP_PG_PORT / AINP_PG_DATA_DIR.`,
      { cause: error },
    );
  }
  if (fresh)
    await createDatabaseIfMissing(embeddedDatabaseUrl(settings, 'postgres'), EMBEDDED_DATABASE);
  return server;
}

/**
 * True when the server process this package started is gone (killed, crashed): its `stop()` would
 * wait forever for an exit that already happened.
 */
export function hasExited(server: object): boolean {
  const child = (server as { process?: ChildProcess }).process;
  return child === undefined || child.exitCode !== null || child.signalCode !== null;
}

/**
 * Several processes starting servers at once on a fresh machine (parallel test suites) can race
 * to create the `postgres` system user; the loser's useradd fails although the user now exists.
 * Retry once in that case: the package then finds the user and goes on.
 */
async function initialiseRaceSafe(server: { initialise(): Promise<void> }): Promise<void> {
  try {
    await server.initialise();
  } catch (error) {
    if (!/create and initialize a new user/i.test(String((error as Error)?.message))) throw error;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.initialise();
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Before stopping a server this process started, wait (up to a limit) for other commands that
 * reused it to disconnect, so their work is not cut off.
 */
async function waitForOtherClients(adminUrl: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: adminUrl });
    client.on('error', () => {});
    try {
      await client.connect();
      const { rows } = await client.query<{ others: number }>(
        `SELECT count(*)::int AS others FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      if ((rows[0]?.others ?? 0) === 0) return;
    } catch {
      return;
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function assertPortFree(settings: EmbeddedServerSettings): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(settings.port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  if (!free) {
    throw new EmbeddedServerError(
      `Port ${settings.port} on 127.0.0.1 is in use (another program listens there, or a connection on it has not finished closing), so the embedded PostgreSQL ${settings.major} cannot start. No database was changed. Set AINP_PG_PORT to a free port, or DATABASE_URL to use that server.`,
    );
  }
}

/**
 * As root the server runs as the `postgres` user, which must be able to enter every folder above
 * the data directory. Fail early with a clear message rather than with initdb's.
 */
async function assertReachableByServerUser(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(path.resolve(dataDir));
  for (;;) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat !== undefined && (stat.mode & fsConstants.S_IXOTH) === 0) {
      throw new EmbeddedServerError(
        `The embedded PostgreSQL runs as the "postgres" user when started by root, and that user cannot enter ${dir}. Nothing was created. Set AINP_PG_DATA_DIR to a folder it can reach (for example under /tmp), or chmod o+x ${dir}.`,
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
