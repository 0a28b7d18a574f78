import path from 'node:path';
import type pg from 'pg';
import type { Logger } from './embedded-server.js';
import { RollbackFailedError, RollbackRefusedError } from './errors.js';
import { withMigrationLock } from './migration-lock.js';
import type { RollbackFeature } from './rollback-features.js';
import { runSqlScript } from './sql-script.js';
import { ROLLBACKS_DIR } from './workspace-paths.js';

/** SQLSTATE the rollback scripts raise when something still depends on their feature. */
const REFUSED = '2BP01';

export interface RunRollbacksOptions {
  readonly rollbacksDir?: string;
  /** Hears each line a script prints (what it dropped, how many rows were lost). */
  readonly log?: Logger;
}

/** A feature a run rolled back, with the lines its script printed. */
export interface RolledBackFeature {
  readonly feature: string;
  readonly script: string;
  readonly lines: readonly string[];
}

/**
 * Runs the rollback scripts of `features`, in the order given (see rollbackOrder), under the same
 * advisory lock as the migration runner. Each script is its own transaction: it counts what it
 * loses, drops, and removes its migrations' rows, or changes nothing. Stops at the first script
 * that refuses or fails; the features before it stay rolled back, and the error says which.
 */
export async function runRollbacks(
  client: pg.ClientBase,
  features: readonly RollbackFeature[],
  options: RunRollbacksOptions = {},
): Promise<RolledBackFeature[]> {
  const rollbacksDir = options.rollbacksDir ?? ROLLBACKS_DIR;
  const log = options.log ?? (() => {});
  return withMigrationLock(
    client,
    async () => {
      const done: RolledBackFeature[] = [];
      for (const feature of features) {
        const outcome = await runSqlScript(client, path.join(rollbacksDir, feature.script));
        outcome.lines.forEach((line) => log(line));
        if (outcome.error !== undefined) throw rollbackError(feature, outcome.error, done);
        done.push({ feature: feature.name, script: feature.script, lines: outcome.lines });
      }
      return done;
    },
    () => log('A migration or rollback holds the lock; waiting for it to finish...'),
  );
}

function rollbackError(
  feature: RollbackFeature,
  error: Error & { code?: string },
  done: readonly RolledBackFeature[],
): Error {
  const earlier =
    done.length > 0
      ? ` Rolled back earlier in this run, and staying rolled back: ${done.map((d) => d.feature).join(', ')}.`
      : '';
  if (error.code === REFUSED) {
    return new RollbackRefusedError(`${error.message}${earlier}`, feature.name, { cause: error });
  }
  return new RollbackFailedError(
    `Rollback ${feature.script} failed and was rolled back; ${feature.name} is unchanged. Reason: ${error.message}.${earlier}`,
    feature.name,
    { cause: error },
  );
}
