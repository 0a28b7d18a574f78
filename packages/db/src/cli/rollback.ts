import { UsageError } from '../errors.js';
import { resolveRollbackTarget, ROLLBACK_TARGETS } from '../rollbacks/rollback-features.js';
import { isLoopbackTarget } from '../connection/connection-string.js';
import { rollbackFeaturesHelp } from './rollback-help.js';
import { askYes, confirmDestructive, requireTerminalOrYes } from './confirm.js';
import {
  MIGRATION_SETTING_OPTIONS,
  MIGRATION_SETTINGS_HELP,
  settingsFromFlags,
} from './migration-flags.js';
import { DATABASE_ENV, defineCommand, writeLine } from './run-command.js';

export const rollbackCommand = defineCommand({
  name: 'rollback',
  shortForm: 'pnpm rollback',
  summary:
    'Undo one feature (its migrations), in an emergency, refusing while others depend on it.',
  examples: ['pnpm rollback negotiations', 'pnpm rollback all --yes --lock-timeout 2s'],
  environment: [
    ...DATABASE_ENV,
    'AINP_LOCK_TIMEOUT, AINP_STATEMENT_TIMEOUT, AINP_LOCK_RETRIES: as for pnpm migrate',
  ],
  exitCodes:
    '0 rolled back, 1 refused, failed or cancelled (that script changed nothing; the features before it stay rolled back), 2 bad usage or --yes missing outside a terminal.',
  usage: `<${ROLLBACK_TARGETS.join('|')}> [--yes]`,
  help: `
EMERGENCY ONLY. Drops a feature's tables, functions and data with its script in
packages/db/rollbacks, and removes its migrations from the \`migrations\` table in the same
transaction, so the next \`pnpm migrate\` re-applies exactly those files (without the lost data).
A feature goes only after the features listed under it (they build on it); until then it refuses.

${rollbackFeaturesHelp()}

Runs under the same advisory lock as \`pnpm migrate\`, with the same lock timeout and retries: a
script that waits too long for a lock is rolled back and tried again. Each script is one transaction: it prints
what it dropped and how many rows were lost, or refuses and changes nothing while something else
still depends on its feature. Running one again changes nothing.

Asks for confirmation on a terminal; anywhere else it refuses unless --yes is given.

Database: DATABASE_URL when set, otherwise the embedded PostgreSQL.

Options:
  -y, --yes                       Do not ask: roll back straight away.
${MIGRATION_SETTINGS_HELP}
  -h, --help                      Show this help.`,
  options: { yes: { type: 'boolean', short: 'y' }, ...MIGRATION_SETTING_OPTIONS },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const { DatabaseClient } = await import('../connection/database-client.js');
    const [target, ...extra] = positionals;
    if (target === undefined || extra.length > 0) {
      throw new UsageError(
        `Name exactly one rollback: ${ROLLBACK_TARGETS.join(', ')}. Nothing was changed. Run \`pnpm rollback --help\` for usage.`,
      );
    }
    const features = resolveRollbackTarget(target);
    const settings = settingsFromFlags(values, io.env);
    const action = {
      command: 'pnpm rollback',
      consequence: 'drops tables and their data',
      yes: values.yes === true,
      // Dropping a feature is never routine: it asks on a loopback host too.
      alwaysAsk: true,
      interactive: io.stdin.isTTY === true,
      ask: (question: string) => askYes(question, io.stdin, io.stdout),
    };
    requireTerminalOrYes(action);
    const db = DatabaseClient.embedded({
      env: io.env,
      log: (line) => writeLine(io.stdout, line),
    });
    await db.connect();
    try {
      writeLine(
        io.stdout,
        `Rolling back ${features.map((f) => `${f.name} (${f.script})`).join(', then ')} on ${db.description}`,
      );
      if (values.yes !== true)
        features.forEach((f) => writeLine(io.stdout, `  ${f.name} drops ${f.drops}`));
      const local = db.isEmbedded || isLoopbackTarget(db.connectionString);
      if (!(await confirmDestructive({ ...action, local }))) {
        writeLine(io.stdout, 'Cancelled. Nothing was changed.');
        return 1;
      }
      const done = await db.runRollbacks(features, {
        log: (line) => writeLine(io.stdout, `  ${line}`),
        settings,
      });
      writeLine(
        io.stdout,
        `Rolled back ${done.map((d) => d.feature).join(', ')}. \`pnpm migrate\` puts the schema back, empty.`,
      );
    } finally {
      await db.close();
    }
  },
});
