import path from 'node:path';
import type pg from 'pg';
import type { Logger } from '../logger.js';
import { RollbackFailedError, RollbackRefusedError } from '../errors.js';
import { withMigrationLock } from '../migrations/migration-lock.js';
import { ROLLBACK_FEATURES, type RollbackFeature } from './rollback-features.js';
import { isLockTimeout } from '../locks/lock-retry.js';
import { LockWatcher } from '../locks/lock-watcher.js';
import { gaveUpOn, withWatchedLockRetries } from '../locks/watched-lock-retries.js';
import {
  RESET_TIMEOUTS,
  runSettings,
  timeoutStatements,
  type MigrationSettings,
} from '../migrations/migration-settings.js';
import type { Queryable } from '../connection/queryable.js';
import { runSqlScript, type SqlScriptOutcome } from '../sql-scripts/sql-script.js';
import { ROLLBACKS_DIR } from '../workspace-paths.js';

/** SQLSTATE the rollback scripts raise when something still depends on their feature. */
const REFUSED = '2BP01';

export interface RunRollbacksOptions {
  readonly rollbacksDir?: string;
  /** Every registered feature, to find those that build on one being rolled back. */
  readonly registry?: readonly RollbackFeature[];
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
        await refuseWhileBuiltOn(client, feature, options.registry ?? ROLLBACK_FEATURES, done);
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

/**
 * Refuses, before its script runs, to roll back a feature that another feature still applied
 * builds on (its migrations are in `migrations`): the script would drop what that one relies on,
 * and the next migrate would not put it back.
 */
async function refuseWhileBuiltOn(
  client: pg.ClientBase,
  feature: RollbackFeature,
  registry: readonly RollbackFeature[],
  done: readonly RolledBackFeature[],
): Promise<void> {
  const dependents = registry.filter((other) => other.buildsOn.includes(feature.name));
  if (dependents.length === 0) return;
  const { rows } = await client
    .query<{ id: number }>(
      `SELECT id FROM migrations WHERE to_regclass('migrations') IS NOT NULL AND id = ANY ($1::int[])`,
      [dependents.flatMap((other) => other.migrationIds)],
    )
    .catch(() => ({ rows: [] as { id: number }[] }));
  const applied = new Set(rows.map((row) => row.id));
  const blocking = dependents.filter((other) => other.migrationIds.some((id) => applied.has(id)));
  if (blocking.length === 0) return;
  const names = blocking.map((other) => other.name).join(', ');
  const one = blocking.length === 1;
  throw new RollbackRefusedError(
    `Refusing to roll back ${feature.name} (${feature.script.slice(0, 3)}): ${names} ${one ? 'builds' : 'build'} on it and ${one ? 'is' : 'are'} still applied. Nothing was changed. Roll back ${names} first, or roll back all.${earlierNote(done)}`,
    feature.name,
  );
}

/** Which features this run already rolled back: they stay rolled back when a later one stops it. */
function earlierNote(done: readonly RolledBackFeature[]): string {
  return done.length > 0
    ? ` Rolled back earlier in this run, and staying rolled back: ${done.map((d) => d.feature).join(', ')}.`
    : '';
}

function rollbackError(
  feature: RollbackFeature,
  error: Error & { code?: string },
  done: readonly RolledBackFeature[],
): Error {
  const earlier = earlierNote(done);
  if (error.code === REFUSED) {
    return new RollbackRefusedError(`${error.message}${earlier}`, feature.name, { cause: error });
  }
  return new RollbackFailedError(
    `Rollback ${feature.script} failed and was rolled back; ${feature.name} is unchanged. Reason: ${error.message}.${earlier}`,
    feature.name,
    { cause: error },
  );
}
