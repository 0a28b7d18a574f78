import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddedPasswordFile } from '../embedded-server/embedded-server-credentials.js';
import { EmbeddedServerError } from '../errors.js';
import { embeddedServerFor, PG_OPTION } from './embedded-server-flag.js';
import { defineCommand, writeLine } from './run-command.js';

const START_TIMEOUT_MS = 120_000;

export const dbStartCommand = defineCommand({
  name: 'db start',
  shortForm: 'pnpm db:start',
  summary: 'Start the embedded PostgreSQL in the background and print its URL.',
  examples: ['pnpm db:start', 'pnpm db:start --pg 15'],
  environment: [
    'AINP_PG_MAJOR, AINP_PG_PORT, AINP_PG_DATA_DIR: which server, on which port, where its data lives',
    'AINP_DEBUG=1: print the stack with an error (passwords redacted)',
  ],
  usage: '[--pg <major>]',
  help: `
Starts the embedded PostgreSQL and keeps it running after this command exits, so psql and other
tools can use it, and every other command reuses it. Prints the connection URL. The data lives in
.ainp-data/ at the workspace root and survives restarts. Stop it with \`pnpm db:stop\`.

Only you can log in: the URL carries the server's generated password, kept in
.ainp-data/pg<major>.password (readable only by you). Other users on this machine are refused.

Options:
  --pg <major>  Which embedded PostgreSQL major to run: 18 (default) or 15.
  -h, --help    Show this help.`,
  options: PG_OPTION,
  async run({ values }, io) {
    const {
      acquireEmbeddedServer,
      embeddedDatabaseUrl,
      isEmbeddedServerRunning,
      readPostmasterStatus,
    } = await import('../embedded-server/embedded-server.js');
    const settings = embeddedServerFor(values.pg as string | undefined, io.env);
    if (await isEmbeddedServerRunning(settings)) {
      // Reusing it secures it first when an earlier version started it (trust, no password).
      const server = await acquireEmbeddedServer(settings, (line) => writeLine(io.stdout, line));
      const status = await readPostmasterStatus(settings.dataDir);
      await server.stop(); // a no-op for a server this command did not start
      writeLine(
        io.stdout,
        `The embedded PostgreSQL ${settings.major} is already running (pid ${status?.pid}).`,
      );
      writeLine(
        io.stdout,
        `  psql ${embeddedDatabaseUrl({ ...settings, port: status?.port ?? settings.port })}`,
      );
      writeLine(io.stdout, passwordNote(settings));
      return;
    }
    await mkdir(path.dirname(settings.dataDir), { recursive: true });
    const logFile = `${settings.dataDir}.log`;
    const logFd = openSync(logFile, 'a');
    const logStart = (await stat(logFile)).size;
    const self = fileURLToPath(import.meta.url);
    const daemon = path.join(
      path.dirname(self),
      '..',
      'embedded-server',
      `embedded-server-daemon${path.extname(self)}`,
    );
    const child = spawn(process.execPath, [...process.execArgv, daemon], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...io.env, AINP_PG_MAJOR: String(settings.major) },
    });
    let exited: number | null | undefined;
    child.on('exit', (code) => (exited = code));
    child.unref();
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await isEmbeddedServerRunning(settings))) {
      if (exited !== undefined || Date.now() > deadline) {
        throw new EmbeddedServerError(
          `The embedded PostgreSQL ${settings.major} did not start${exited !== undefined ? ` (its process exited with code ${exited})` : ' in time'}. No database was changed. See ${logFile}.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The daemon logs to the file; the one line about an upgraded data directory is for the user.
    const daemonLog = (await readFile(logFile)).subarray(logStart).toString('utf8');
    daemonLog
      .split('\n')
      .filter((line) => line.startsWith('Upgraded the embedded PostgreSQL data directory'))
      .forEach((line) => writeLine(io.stdout, line));
    writeLine(
      io.stdout,
      `The embedded PostgreSQL ${settings.major} is running; data in ${settings.dataDir}.`,
    );
    writeLine(io.stdout, `  psql ${embeddedDatabaseUrl(settings)}`);
    writeLine(io.stdout, passwordNote(settings));
    writeLine(io.stdout, 'Stop it with: pnpm db:stop');
  },
});

function passwordNote(settings: { dataDir: string }): string {
  return `The URL carries the server's password, kept in ${embeddedPasswordFile(settings)} (readable only by you); treat it like that file.`;
}
