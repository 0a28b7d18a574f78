import pg from 'pg';
import type { Logger } from '../logger.js';
import {
  MigrationChecksumError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  MigrationOrderError,
  UsageError,
} from '../errors.js';
import { concurrentIndexName, qualifiedName, readInvalidIndexes } from './invalid-indexes.js';
import { isLockTimeout } from '../locks/lock-retry.js';
import { LockWatcher } from '../locks/lock-watcher.js';
import { gaveUpOn, withWatchedLockRetries } from '../locks/watched-lock-retries.js';
import {
  loadCreateMigrationsTable,
  loadMigrations,
  type EngineMigration,
} from './migration-files.js';
import {
  ensureRollbackLog,
  readAppliedMigrations,
  readRolledBackMigrationIds,
} from './migration-history.js';
import { withMigrationLock } from './migration-lock.js';
import { planMigrations } from './migration-plan.js';
import {
  fileSettings,
  RESET_TIMEOUTS,
  runSettings,
  timeoutStatements,
  type FileSettings,
  type MigrationSettings,
} from './migration-settings.js';
import type { Queryable } from '../connection/queryable.js';
import { splitSqlStatements } from './sql-statements.js';
import { MIGRATIONS_DIR } from '../workspace-paths.js';
import { citusSessionSettings } from '../citus/session-settings.js';

/** A migration this run applied. */
export interface AppliedMigration {
  readonly id: number;
  readonly fileName: string;
  readonly durationMs: number;
  /** 1, or more when lock timeouts made the runner try the file again. */
  readonly attempts: number;
  readonly inTransaction: boolean;
}

/** A pending migration and how it would run. */
export interface PendingMigration {
  readonly file: EngineMigration;
  readonly settings: FileSettings;
  /** The index its one statement builds, for a CREATE INDEX CONCURRENTLY file (read once). */
  readonly concurrentIndex?: string;
}

export interface RunMigrationsOptions {
  readonly migrationsDir?: string;
  /** Hears one line per applied file, each retry, and a line when the run waits for another runner. */
  readonly log?: Logger;
  /** The run's timeouts and retries (default: runSettings(), the defaults and AINP_* variables). */
  readonly settings?: MigrationSettings;
  /** Apply the pending files up to and including this id only. */
  readonly to?: number;
  /**
   * A second connection to the same database, used to see who holds a lock a migration waits
   * for. Default: a connection opened with `client`'s own parameters.
   */
  readonly watcher?: Queryable;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The one statement of a non-transactional file, or a refusal naming the file. */
function checkNonTransactional(file: EngineMigration): string {
  const statements = splitSqlStatements(file.sql);
  if (statements.length !== 1) {
    throw new UsageError(
      `${file.fileName} runs outside a transaction (postgres-migrations disable-transaction) but holds ${statements.length} statements; such a file must hold exactly one, so a failure cannot leave it half-applied. Nothing was applied. Split it into one file per statement.`,
    );
  }
  const statement = statements[0]!;
  if (
    /^\s*create\s+(unique\s+)?index\s+concurrently\s/i.test(statement) &&
    !/\bif\s+not\s+exists\b/i.test(statement)
  ) {
    throw new UsageError(
      `${file.fileName}: write CREATE INDEX CONCURRENTLY IF NOT EXISTS, so that a run interrupted after the build (before the file is recorded) can be run again. Nothing was applied.`,
    );
  }
  return statement;
}

/**
 * What a run would do, without doing it: the pending files in order (up to `to`), each with the
 * settings it would run with. Refuses as a run would (an edited applied file, a file out of
 * order, a non-transactional file with more than one statement). Read-only; takes no lock.
 */
export async function planPendingMigrations(
  client: Queryable,
  options: Pick<RunMigrationsOptions, 'migrationsDir' | 'settings' | 'to'> = {},
): Promise<PendingMigration[]> {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const files = await loadMigrations(migrationsDir);
  if (options.to !== undefined && !files.some((file) => file.id === options.to)) {
    throw new UsageError(
      `--to ${options.to}: no migration in ${migrationsDir} has that number. Nothing was applied.`,
    );
  }
  const fileNameById = new Map(files.map((file) => [file.id, file.fileName]));
  const appliedRows = await readAppliedMigrations(client);
  const plan = planMigrations(files, appliedRows, await readRolledBackMigrationIds(client));
  const changed = plan.applied.filter((entry) => entry.changed).map((entry) => entry.file.fileName);
  if (changed.length > 0) {
    throw new MigrationChecksumError(
      `Applied migration ${changed.join(', ')} has changed since it was applied (checksum mismatch). Nothing was applied. Restore the file from version control and put the change in a new migration instead.`,
      changed,
    );
  }
  const early = plan.outOfOrder[0];
  if (early !== undefined) {
    const highest = Math.max(...plan.applied.map((entry) => entry.row.id));
    throw new MigrationOrderError(
      `Pending migration ${early.fileName} is numbered below ${fileNameById.get(highest) ?? `migration ${highest}`}, which is already applied. Nothing was applied. Renumber it above the highest applied migration.`,
      early.fileName,
    );
  }
  const run = options.settings ?? runSettings();
  const needsTable = appliedRows.length === 0 && (await tableMissing(client, 'migrations'));
  const pending = [
    ...(needsTable ? [await loadCreateMigrationsTable()] : []),
    ...plan.pending.filter((file) => options.to === undefined || file.id <= options.to),
  ];
  return pending.map((file) => {
    const settings = fileSettings(file.fileName, file.sql, run);
    if (settings.inTransaction) return { file, settings };
    return { file, settings, concurrentIndex: concurrentIndexName(checkNonTransactional(file)) };
  });
}

async function tableMissing(client: Queryable, table: string): Promise<boolean> {
  const { rows } = await client.query<{ missing: boolean }>(
    'SELECT to_regclass($1) IS NULL AS missing',
    [table],
  );
  return rows[0]?.missing === true;
}

const RECORD_SQL = 'INSERT INTO migrations (id, name, hash) VALUES ($1, $2, $3)';

/**
 * One attempt at one file: all of it and its `migrations` row, or (in a transaction) nothing.
 * `sessionSettings` are the `SET LOCAL` statements a transaction needs on this engine (on Citus,
 * citusSessionSettings'); they run right after BEGIN.
 */
async function attemptFile(
  client: pg.ClientBase,
  pending: PendingMigration,
  sessionSettings: readonly string[],
  log: Logger,
): Promise<void> {
  const { file, settings } = pending;
  if (settings.inTransaction) {
    await client.query('BEGIN');
    try {
      for (const statement of sessionSettings) await client.query(statement);
      await client.query(timeoutStatements(settings, true));
      await client.query(file.sql);
      await client.query(RECORD_SQL, [file.id, file.name, file.hash]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
    return;
  }
  await client.query(timeoutStatements(settings, false));
  try {
    if (pending.concurrentIndex !== undefined) {
      await dropInvalidIndex(client, file, pending.concurrentIndex, log);
    }
    await client.query(file.sql);
    await client.query(RECORD_SQL, [file.id, file.name, file.hash]);
  } finally {
    await client.query(RESET_TIMEOUTS).catch(() => {});
  }
}

/**
 * A CREATE INDEX CONCURRENTLY that failed or was killed leaves its index behind, INVALID; IF NOT
 * EXISTS would then skip the build. Drops such an index (concurrently) so the file builds it again.
 */
async function dropInvalidIndex(
  client: pg.ClientBase,
  file: EngineMigration,
  name: string,
  log: Logger,
): Promise<void> {
  const invalid = (await readInvalidIndexes(client)).find((index) => index.name === name);
  if (invalid === undefined) return;
  log(
    `${file.fileName}: index ${invalid.name} on ${invalid.table} is INVALID (an earlier concurrent build failed or was killed); dropping it concurrently and building it again`,
  );
  await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${qualifiedName(invalid)}`);
}

/** A second connection with `client`'s own parameters, for the lock watcher; undefined if none. */
async function openWatcher(client: pg.ClientBase): Promise<pg.Client | undefined> {
  const params = (client as unknown as { connectionParameters?: pg.ClientConfig })
    .connectionParameters;
  if (params === undefined) return undefined;
  const { user, password, host, port, database, ssl } = params;
  const watcher = new pg.Client({
    user,
    password,
    host,
    port,
    database,
    ssl,
    application_name: 'ainp migrate (lock watcher)',
  });
  watcher.on('error', () => {});
  try {
    await watcher.connect();
    return watcher;
  } catch {
    return undefined;
  }
}

/**
 * Applies every pending forward migration (up to `options.to`), one file at a time, under the
 * advisory lock. Each file runs in its own transaction, which starts with
 * (on Citus) citusSessionSettings' statements, then `SET LOCAL lock_timeout` and
 * `SET LOCAL statement_timeout`; a file whose header disables the transaction holds one
 * statement and runs with the same timeouts set for the session. When a statement gives up on a
 * lock (SQLSTATE 55P03) the file is rolled back and tried again after a growing, jittered wait,
 * each retry logged with the session holding the lock. Before anything runs it refuses, naming
 * the file: an applied file whose content changed, a pending file numbered below an applied one
 * that no emergency rollback explains, a malformed header or non-transactional file.
 *
 * `client` must be one connected pg.Client or PoolClient: the advisory lock belongs to its session.
 * The `migrations` table is postgres-migrations' own (its migration 0 creates it), so runs of
 * either runner see the same history.
 */
export async function runMigrations(
  client: pg.ClientBase,
  options: RunMigrationsOptions = {},
): Promise<AppliedMigration[]> {
  const log = options.log ?? (() => {});
  return withMigrationLock(
    client,
    async () => {
      const pending = await planPendingMigrations(client, options);
      if (pending.length === 0) return [];
      await ensureRollbackLog(client);
      for (const index of await readInvalidIndexes(client)) {
        if (!pending.some((p) => p.concurrentIndex === index.name)) {
          log(
            `Warning: index ${index.name} on ${index.table} is INVALID (a failed concurrent build) and no pending migration rebuilds it; see pnpm migrate:status.`,
          );
        }
      }
      const ownWatcher = options.watcher === undefined ? await openWatcher(client) : undefined;
      const watcherConnection = options.watcher ?? ownWatcher;
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
        .pid;
      // Detected once per run: no migration creates or drops the citus extension.
      const sessionSettings = await citusSessionSettings(client);
      const applied: AppliedMigration[] = [];
      try {
        for (const entry of pending) {
          const outcome = await applyWithRetries(
            client,
            entry,
            pid,
            watcherConnection,
            sessionSettings,
            log,
            options,
            applied,
          );
          if (entry.file.id !== 0) {
            applied.push(outcome);
            const retried = outcome.attempts > 1 ? `, attempt ${outcome.attempts}` : '';
            log(`Applied ${outcome.fileName} (${Math.round(outcome.durationMs)} ms${retried})`);
          }
        }
      } finally {
        await ownWatcher?.end().catch(() => {});
      }
      return applied;
    },
    () => log('Another migration run holds the lock; waiting for it to finish...'),
  );
}

async function applyWithRetries(
  client: pg.ClientBase,
  entry: PendingMigration,
  pid: number,
  watcherConnection: Queryable | undefined,
  sessionSettings: readonly string[],
  log: Logger,
  options: RunMigrationsOptions,
  appliedBefore: readonly AppliedMigration[],
): Promise<AppliedMigration> {
  const { file, settings } = entry;
  const watcher =
    watcherConnection === undefined ? undefined : new LockWatcher(watcherConnection, pid);
  const started = performance.now();
  try {
    const { attempts } = await withWatchedLockRetries(
      () => attemptFile(client, entry, sessionSettings, log),
      {
        what: file.fileName,
        settings,
        watcher,
        log,
        sleep: options.sleep,
      },
    );
    return {
      id: file.id,
      fileName: file.fileName,
      durationMs: performance.now() - started,
      attempts,
      inTransaction: settings.inTransaction,
    };
  } catch (error) {
    const kept =
      appliedBefore.length > 0
        ? `The ${appliedBefore.length} migration(s) before it stay applied.`
        : 'No migration was applied.';
    const state = settings.inTransaction
      ? 'was rolled back'
      : 'ran outside a transaction and was not recorded (run again: it is safe to repeat)';
    if (isLockTimeout(error)) {
      const holders = watcher?.holders ?? [];
      throw new MigrationLockTimeoutError(
        `Migration ${file.fileName} ${gaveUpOn(settings, watcher)}. It ${state}; no later migration ran. ${kept} Let that session finish or end it (SELECT pg_terminate_backend(${holders[0]?.pid ?? 'pid'})), then run pnpm migrate again; --lock-retries and --lock-timeout allow longer waits.`,
        file.fileName,
        holders,
        { cause: error },
      );
    }
    throw new MigrationFailedError(
      `Migration ${file.fileName} failed and ${state}; no later migration ran. ${kept} Reason: ${(error as Error).message.trim()}`,
      file.fileName,
      { cause: error },
    );
  }
}
