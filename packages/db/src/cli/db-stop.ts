import {
  EMBEDDED_PG_MAJORS,
  embeddedServerSettings,
  stopEmbeddedServer,
} from '../embedded-server.js';
import { runCommand } from './run-command.js';

await runCommand({
  name: 'pnpm db:stop',
  usage: 'pnpm db:stop [--pg <major>]',
  help: `
Stops the embedded PostgreSQL started by \`pnpm db:start\` (a fast shutdown: open sessions are
disconnected, committed data is kept). Without --pg it stops every embedded major that is running.

Options:
  --pg <major>  Stop only this major: 18 or 15.
  -h, --help    Show this help.`,
  options: { pg: { type: 'string' } },
  async run({ values }) {
    const majors = values.pg === undefined ? EMBEDDED_PG_MAJORS : [values.pg as string];
    let stopped = 0;
    for (const major of majors) {
      const settings = embeddedServerSettings({}, { ...process.env, AINP_PG_MAJOR: String(major) });
      if (await stopEmbeddedServer(settings)) {
        console.log(`Stopped the embedded PostgreSQL ${settings.major}.`);
        stopped += 1;
      }
    }
    if (stopped === 0) console.log('No embedded PostgreSQL was running.');
  },
});
