import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { embeddedServerFor, PG_OPTION } from './embedded-server-flag.js';
import { defineCommand, writeLine } from './run-command.js';

export const dbStopCommand = defineCommand({
  name: 'db stop',
  shortForm: 'pnpm db:stop',
  summary: 'Stop the embedded PostgreSQL that db start started.',
  examples: ['pnpm db:stop', 'pnpm db:stop --pg 15'],
  environment: [
    'AINP_PG_MAJOR, AINP_PG_PORT, AINP_PG_DATA_DIR: which server',
    'AINP_DEBUG=1: print the stack with an error',
  ],
  usage: '[--pg <major>]',
  help: `
Stops the embedded PostgreSQL started by \`pnpm db:start\` (a fast shutdown: open sessions are
disconnected, committed data is kept). Without --pg it stops every embedded major that is running.

Options:
  --pg <major>  Stop only this major: 18 or 15.
  -h, --help    Show this help.`,
  options: PG_OPTION,
  async run({ values }, io) {
    const { EMBEDDED_PG_MAJORS, stopEmbeddedServer } =
      await import('../embedded-server/embedded-server.js');
    const majors = values.pg === undefined ? EMBEDDED_PG_MAJORS : [values.pg as string];
    const seen = new Set<string>();
    let stopped = 0;
    for (const major of majors) {
      const settings = embeddedServerFor(major, io.env);
      // With AINP_PG_DATA_DIR set, every major resolves to the same folder: stop it once, and name
      // the major that really runs there.
      if (seen.has(settings.dataDir)) continue;
      seen.add(settings.dataDir);
      const running = await readFile(path.join(settings.dataDir, 'PG_VERSION'), 'utf8').then(
        (text) => text.trim(),
        () => String(settings.major),
      );
      if (await stopEmbeddedServer(settings)) {
        writeLine(io.stdout, `Stopped the embedded PostgreSQL ${running}.`);
        stopped += 1;
      }
    }
    if (stopped === 0) writeLine(io.stdout, 'No embedded PostgreSQL was running.');
  },
});
