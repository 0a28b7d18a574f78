import { DatabaseClient } from '../database-client.js';
import { runCommand } from './run-command.js';

await runCommand({
  name: 'pnpm migrate',
  usage: 'pnpm migrate [--migrations-dir <path>]',
  help: `
Applies every pending forward migration in packages/db/migrations, in numeric order, each in its
own transaction, under an advisory lock (a second run started meanwhile waits, then finds nothing
to do). Prints each file applied and the total time.

Refuses, changing nothing, when an applied file was edited afterwards or a pending file is
numbered below an applied one.

Database: DATABASE_URL when set, otherwise the embedded PostgreSQL (started for this command and
stopped again, or reused if \`pnpm db:start\` is running).

Options:
  --migrations-dir <path>  Apply the migrations in this folder instead (default: packages/db/migrations).
  -h, --help               Show this help.`,
  options: { 'migrations-dir': { type: 'string' } },
  stateIfConnectionLost:
    'Each migration is one transaction: the one in progress was rolled back; those applied before it stay applied.',
  async run({ values }) {
    const started = performance.now();
    const db = DatabaseClient.embedded({
      log: (line) => console.log(line),
      migrationsDir: values['migrations-dir'] as string | undefined,
    });
    await db.connect();
    try {
      console.log(`Migrating ${db.description}`);
      const applied = await db.runMigrations();
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      console.log(
        applied.length === 0
          ? `Nothing to apply: the database is up to date (${seconds} s).`
          : `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} in ${seconds} s.`,
      );
    } finally {
      await db.close();
    }
  },
});
