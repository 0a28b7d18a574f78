import { runVerifyScripts, VERIFY_SCRIPTS } from '../sql-scripts/verify-scripts.js';
import { oneLine, defineCommand, writeLine } from './run-command.js';

export const verifySqlCommand = defineCommand({
  name: 'verify sql',
  shortForm: 'pnpm verify:sql',
  summary: 'Run the SQL verification scripts in packages/db/verify.',
  examples: ['pnpm verify:sql', 'DATABASE_URL=postgres://app@db.internal/ainp pnpm verify:sql'],
  exitCodes:
    '0 every test passed, 1 a test failed (nothing was changed: each script rolls back), 2 bad usage.',
  stateIfConnectionLost:
    'Every verification script runs in a transaction it rolls back: nothing was changed.',
  help: `
Runs the SQL verification scripts in packages/db/verify against the current database, exactly as
\`psql -v ON_ERROR_STOP=1 -f <script>\` would, without needing psql:
  ${VERIFY_SCRIPTS.join('\n  ')}
Prints each test's \`✅ PASS: …\` or \`❌ FAIL: …\` line and each script's \`N passed, M failed\`.
Every script runs in a transaction that it rolls back: no data is left behind.

Database: DATABASE_URL when set, otherwise the embedded PostgreSQL.

Options:
  -h, --help   Show this help.`,
  async run(_args, io) {
    const { DatabaseClient } = await import('../connection/database-client.js');
    const db = DatabaseClient.embedded({
      env: io.env,
      log: (line) => writeLine(io.stdout, line),
    });
    await db.connect();
    try {
      writeLine(io.stdout, `Verifying ${db.description}`);
      const outcomes = await db.withConnection((client) => runVerifyScripts(client));
      for (const outcome of outcomes) {
        writeLine(io.stdout, `\n${outcome.script}`);
        outcome.lines.forEach((line) => writeLine(io.stdout, line));
      }
      const failed = outcomes.filter((outcome) => !outcome.passed);
      writeLine(io.stdout, '');
      if (failed.length === 0) {
        writeLine(io.stdout, `All ${outcomes.length} verification scripts passed.`);
        return 0;
      }
      for (const outcome of failed) {
        writeLine(
          io.stderr,
          `${outcome.script} failed: ${oneLine(outcome.error ?? 'no reason given')}`,
        );
      }
      return 1;
    } finally {
      await db.close();
    }
  },
});
