import path from 'node:path';
import type pg from 'pg';
import type { Logger } from './embedded-server.js';
import { RollbackFailedError, RollbackRefusedError } from './errors.js';
import { withMigrationLock } from './migration-lock.js';
import type { RollbackFeature } from './rollback-features.js';
import { isLockTimeout } from './lock-retry.js';
import { LockWatcher } from './lock-watcher.js';
import { gaveUpOn, withWatchedLockRetries } from './watched-lock-retries.js';
import {
  RESET_TIMEOUTS,
  runSettings,
  timeoutStatements,
  type MigrationSettings,
} from './migration-settings.js';
import type { Queryable } from './queryable.js';
import { runSqlScript, type SqlScriptOutcome } from './sql-script.js';
import { ROLLBACKS_DIR } from './workspace-paths.js';

/** SQLSTATE the rollback scripts raise when something still depends on their feature. */
const REFUSED = '2BP01';

export interface RunRollbacksOptions {
  readonly rollbacksDir?: string;
  /** Hears each line a script prints (what it dropped, how many rows were lost). */
  readonly log?: Logger;
  /** Lock timeout, statement timeout and lock retries, as for migrations (default: runSettings()). */
  readonly settings?: MigrationSettings;
  /** A second connection, to name the session holding a lock a script waits for. */
  readonly watcher?: Queryable;
  readonly sleep?: (ms: number) => Promise<void>;
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
      const settings = options.settings ?? runSettings();
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
        .pid;
      for (const feature of features) {
        const watcher = options.watcher && new LockWatcher(options.watcher, pid);
        let outcome: SqlScriptOutcome;
        try {
          ({ result: outcome } = await withWatchedLockRetries(
            async () => {
              const attempt = await runScriptWithTimeouts(client, rollbacksDir, feature, settings);
              // A script reports its own errors; a lock timeout is thrown so that it is retried.
              if (attempt.error !== undefined && isLockTimeout(attempt.error)) throw attempt.error;
              return attempt;
            },
            { what: feature.script, settings, watcher, log, sleep: options.sleep },
          ));
        } catch (error) {
          if (!isLockTimeout(error)) throw error;
          throw rollbackError(
            feature,
            Object.assign(
              new Error(
                `it ${gaveUpOn(settings, watcher)}; let that session finish or end it, then run the rollback again`,
              ),
              { code: (error as { code?: string }).code },
            ),
            done,
          );
        }
        outcome.lines.forEach((line) => log(line));
        if (outcome.error !== undefined) throw rollbackError(feature, outcome.error, done);
        done.push({ feature: feature.name, script: feature.script, lines: outcome.lines });
      }
      return done;
    },
    () => log('A migration or rollback holds the lock; waiting for it to finish...'),
  );
}

/**
 * A rollback script is one transaction of its own (BEGIN ... COMMIT in the file), so the timeouts
 * are set for the session around it: the script's transaction inherits them.
 */
async function runScriptWithTimeouts(
  client: pg.ClientBase,
  rollbacksDir: string,
  feature: RollbackFeature,
  settings: MigrationSettings,
): Promise<SqlScriptOutcome> {
  await client.query(timeoutStatements(settings, false));
  try {
    return await runSqlScript(client, path.join(rollbacksDir, feature.script));
  } finally {
    await client.query(RESET_TIMEOUTS).catch(() => {});
  }
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
