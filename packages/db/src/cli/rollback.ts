import { UsageError } from '../errors.js';
import { resolveRollbackTarget, ROLLBACK_TARGETS } from '../rollbacks/rollback-features.js';
import { isLoopbackTarget } from '../connection/connection-string.js';
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

  credit-error-hints              040_rollback_credit_error_hints.sql              (undoes 040)
  distribution-ready-keys         030_rollback_distribution_ready_keys.sql         (undoes 030-039)
  json-shape-rules                027_rollback_json_shape_rules.sql                (undoes 027, 028, 041)
  identity-rules                  025_rollback_identity_rules.sql                  (undoes 025, 026)
  blank-idempotency-key-rules     023_rollback_blank_idempotency_key_rules.sql     (undoes 023, 024)
  time-rules                      021_rollback_time_rules.sql                      (undoes 021, 022)
  negotiation-state-machine       019_rollback_negotiation_state_machine.sql       (undoes 019, 020)
  service-role                    018_rollback_service_role.sql                    (undoes 018; the role
                                                                                     ainp_app stays)
  one-payout-per-proof            016_rollback_one_payout_per_proof.sql            (undoes 016, 017;
                                                                                     service-role must go first)
  existing-row-check              015_rollback_existing_row_check.sql              (undoes 015)
  usefulness-cache-refresh-as-of  014_rollback_usefulness_cache_refresh_as_of.sql  (undoes 014; puts back
                                                                                     013's refresh function)
  usefulness-cache-refresh        013_rollback_usefulness_cache_refresh.sql        (undoes 013; the as-of
                                                                                     refresh must go first)
  credit-operations               012_rollback_credit_operations.sql               (undoes 012)
  negotiations                    011_rollback_negotiation_sessions.sql            (undoes 004)
  credit-ledger                   010_rollback_credit_ledger.sql                   (undoes 009; credit-operations
                                                                                     must go first)
  usefulness                      008_rollback_usefulness.sql                      (undoes 006, 007; the credit
                                                                                     ledger and the cache refreshes
                                                                                     must go first)
  all                             all of them, newest first: 027 ... 015, then 014, 013,
                                  012, 011, 010, 008 (the rules of 015-028 go before the
                                  features they build on)

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
