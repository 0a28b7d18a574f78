import type { DatabaseClient as Client } from '../connection/database-client.js';
import { formatDuration } from '../duration.js';
import { AinpDbError, UsageError } from '../errors.js';
import type { PendingMigration } from '../migrations/migration-runner.js';
import {
  MIGRATION_SETTING_OPTIONS,
  MIGRATION_SETTINGS_HELP,
  settingsFromFlags,
} from './migration-flags.js';
import { DATABASE_ENV, defineCommand, writeLine } from './run-command.js';

/** How a pending file would run, in one line: `in a transaction; lock_timeout 1 s, ...`. */
export function describeRun(pending: PendingMigration): string {
  const s = pending.settings;
  const mode = s.inTransaction ? 'in a transaction' : 'OUTSIDE a transaction (one statement)';
  return `${mode}; lock_timeout ${formatDuration(s.lockTimeoutMs)}, statement_timeout ${formatDuration(s.statementTimeoutMs)}, ${s.lockRetries} lock retries${s.fromHeader.length > 0 ? ' (header sets ' + s.fromHeader.join(', ') + ')' : ''}`;
}

function parseTo(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(String(value))) {
    throw new UsageError(
      `--to takes a migration number such as 14 or 014, not "${String(value)}". Nothing was applied.`,
    );
  }
  return Number(value);
}

export const migrateCommand = defineCommand({
  name: 'migrate',
  shortForm: 'pnpm migrate',
  summary: 'Apply the pending migrations (lock-safe, retried on lock timeouts).',
  examples: [
    'pnpm migrate --dry-run',
    'pnpm migrate --lock-timeout 500ms --lock-retries 20',
    'DATABASE_URL=postgres://app@db.internal/ainp pnpm migrate --to 14 --json',
  ],
  environment: [
    ...DATABASE_ENV,
    "AINP_LOCK_TIMEOUT, AINP_STATEMENT_TIMEOUT, AINP_LOCK_RETRIES: the run's defaults (the flags win)",
  ],
  exitCodes:
    '0 applied (or nothing to do), 1 a migration failed or gave up on a lock (it was rolled back; the files before it stay applied), 2 bad usage.',
  usage:
    '[--dry-run] [--json] [--to <id>] [--lock-timeout <d>] [--statement-timeout <d>] [--lock-retries <n>] [--migrations-dir <path>]',
  help: `
Applies every pending forward migration in packages/db/migrations, in numeric order, under an
advisory lock (a second run started meanwhile waits, then finds nothing to do). Prints each file
applied and the total time.

Each file runs in its own transaction, which starts with SET LOCAL lock_timeout (1 s) and
statement_timeout (off). When a statement gives up on a lock, the file is rolled back and tried
again after a growing wait; each retry prints the session holding the lock. A file with the header
\`-- postgres-migrations disable-transaction\` (for CREATE INDEX CONCURRENTLY and the like) holds
exactly one statement and runs outside a transaction; an index such a build left INVALID is
dropped and built again.

Refuses, changing nothing, when an applied file was edited afterwards or a pending file is
numbered below an applied one.

Database: DATABASE_URL when set, otherwise the embedded PostgreSQL (started for this command and
stopped again, or reused if \`pnpm db:start\` is running).

Options:
  --dry-run                       List the pending files in order, each with its SQL and settings;
                                  change nothing.
  --json                          Print one JSON document on stdout (progress lines go to stderr).
  --to <id>                       Apply the pending files up to and including this number.
${MIGRATION_SETTINGS_HELP}
  --migrations-dir <path>         Apply the migrations in this folder (default packages/db/migrations).
  -h, --help                      Show this help.`,
  options: {
    'migrations-dir': { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    to: { type: 'string' },
    ...MIGRATION_SETTING_OPTIONS,
  },
  stateIfConnectionLost:
    'Each migration is one transaction: the one in progress was rolled back; those applied before it stay applied.',
  async run({ values }, io) {
    const started = performance.now();
    const json = values.json === true;
    const settings = settingsFromFlags(values, io.env);
    const to = parseTo(values.to);
    const say = (line: string) => writeLine(json ? io.stderr : io.stdout, line);
    const { DatabaseClient } = await import('../connection/database-client.js');
    const db: Client = DatabaseClient.embedded({
      env: io.env,
      log: say,
      migrationsDir: values['migrations-dir'] as string | undefined,
    });
    let description: string | undefined;
    try {
      await db.connect();
      description = db.description;
      if (values['dry-run'] === true) {
        const pending = await db.planMigrations({ settings, to });
        if (json) {
          io.stdout.write(
            `${JSON.stringify({ ok: true, database: description, dryRun: true, pending: pending.map((p) => ({ id: p.file.id, fileName: p.file.fileName, ...p.settings, sql: p.file.sql })) }, null, 2)}\n`,
          );
          return 0;
        }
        say(
          `Dry run on ${description}: ${pending.length === 0 ? 'nothing to apply, the database is up to date' : `${pending.length} pending migration(s) would be applied, in this order`}. Nothing was changed.`,
        );
        for (const p of pending) {
          say(`\n── ${p.file.fileName}: ${describeRun(p)}\n${p.file.sql.trimEnd()}`);
        }
        return 0;
      }
      say(`Migrating ${description}`);
      const applied = await db.runMigrations({ settings, to });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (json) {
        io.stdout.write(
          `${JSON.stringify({ ok: true, database: description, dryRun: false, applied, seconds: Number(seconds) }, null, 2)}\n`,
        );
      } else {
        say(
          applied.length === 0
            ? `Nothing to apply: the database is up to date (${seconds} s).`
            : `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} in ${seconds} s.`,
        );
      }
    } catch (error) {
      if (json) {
        const { name, message } = error as Error;
        const fileName = (error as { fileName?: string }).fileName;
        io.stdout.write(
          `${JSON.stringify({ ok: false, database: description, error: { name, message: error instanceof AinpDbError ? message : `Unexpected failure: ${message}`, ...(fileName && { fileName }) } }, null, 2)}\n`,
        );
      }
      throw error;
    } finally {
      await db.close();
    }
  },
});
