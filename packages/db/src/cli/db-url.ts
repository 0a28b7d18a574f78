import { EmbeddedServerError } from '../errors.js';
import { embeddedServerFor, PG_OPTION } from './embedded-server-flag.js';
import { defineCommand, writeLine } from './run-command.js';

export const dbUrlCommand = defineCommand({
  name: 'db url',
  shortForm: 'pnpm db:url',
  summary: "Print the embedded PostgreSQL's connection URL (with its password), for psql and GUIs.",
  examples: ['psql "$(pnpm -s db:url)"', 'pnpm db:url --pg 15'],
  environment: [
    'AINP_PG_MAJOR, AINP_PG_PORT, AINP_PG_DATA_DIR: which server',
    'AINP_DEBUG=1: print the stack with an error',
  ],
  usage: '[--pg <major>]',
  help: `
Prints the URL of the embedded server's \`ainp\` database on one line and nothing else, so a shell
can use it: \`psql "$(pnpm -s db:url)"\`. The URL carries the server's generated password (kept in
.ainp-data/pg<major>.password, readable only by you): treat it like that file. Fails when the
server was never set up (run \`pnpm db:start\` first). Changes nothing.

Options:
  --pg <major>  Which major: 18 (default) or 15.
  -h, --help    Show this help.`,
  options: PG_OPTION,
  async run({ values }, io) {
    const {
      embeddedDatabaseUrl,
      embeddedPasswordFile,
      readEmbeddedPassword,
      readPostmasterStatus,
    } = await import('../embedded-server/embedded-server.js');
    const settings = embeddedServerFor(values.pg as string | undefined, io.env);
    if (readEmbeddedPassword(settings) === undefined) {
      throw new EmbeddedServerError(
        `The embedded PostgreSQL ${settings.major} has not been set up yet (no ${embeddedPasswordFile(settings)}), so it has no URL. Nothing was changed. Run \`pnpm db:start\` first.`,
      );
    }
    const status = await readPostmasterStatus(settings.dataDir);
    writeLine(io.stdout, embeddedDatabaseUrl({ ...settings, port: status?.port ?? settings.port }));
  },
});
