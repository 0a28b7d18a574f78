import { embeddedServerFor, PG_OPTION } from './embedded-server-flag.js';
import { defineCommand, writeLine } from './run-command.js';

export const dbStatusCommand = defineCommand({
  name: 'db status',
  shortForm: 'pnpm db:status',
  summary: 'Say whether the embedded PostgreSQL is running, on which port, with which data.',
  examples: ['pnpm db:status', 'pnpm db:status --pg 15 && psql "$(pnpm -s db:url)"'],
  environment: [
    'AINP_PG_MAJOR, AINP_PG_PORT, AINP_PG_DATA_DIR: which server',
    'AINP_DEBUG=1: print the stack with an error',
  ],
  exitCodes: '0 running, 3 not running (like pg_ctl status), 1 a failure, 2 bad usage.',
  usage: '[--pg <major>]',
  help: `
Reports each embedded PostgreSQL major (or the one --pg names): running, with its pid, port and
data directory, or stopped. Changes nothing and prints no password (\`pnpm db:url\` prints the URL).

Options:
  --pg <major>  Only this major: 18 or 15.
  -h, --help    Show this help.`,
  options: PG_OPTION,
  async run({ values }, io) {
    const { EMBEDDED_PG_MAJORS, isEmbeddedServerRunning, readPostmasterStatus } =
      await import('../embedded-server/embedded-server.js');
    const majors = values.pg === undefined ? EMBEDDED_PG_MAJORS : [values.pg as string];
    let running = 0;
    for (const major of majors) {
      const settings = embeddedServerFor(major, io.env);
      const status = await readPostmasterStatus(settings.dataDir);
      if (status !== undefined && (await isEmbeddedServerRunning(settings))) {
        running += 1;
        writeLine(
          io.stdout,
          `PostgreSQL ${settings.major}: running (pid ${status.pid}, port ${status.port}, data in ${settings.dataDir}).`,
        );
      } else {
        writeLine(
          io.stdout,
          `PostgreSQL ${settings.major}: not running (data in ${settings.dataDir}).`,
        );
      }
    }
    return running > 0 ? 0 : 3;
  },
});
