import pg from 'pg';
import { connectionFailure } from './connection-failure.js';
import { CreditOperations } from '../credits/credit-operations.js';
import { creditErrorFromDatabase } from '../credits/credit-sqlstates.js';
import { resolveDatabaseTarget, type DatabaseTarget } from './database-target.js';
import type { Logger } from '../logger.js';
import { AinpDbError } from '../errors.js';
import {
  planPendingMigrations,
  runMigrations,
  type AppliedMigration,
  type PendingMigration,
  type RunMigrationsOptions,
} from '../migrations/migration-runner.js';
import { migrationStatus, type MigrationStatus } from '../migrations/migration-status.js';
import type { RollbackFeature } from '../rollbacks/rollback-features.js';
import {
  runRollbacks,
  type RolledBackFeature,
  type RunRollbacksOptions,
} from '../rollbacks/rollback-runner.js';
import type { Queryable } from './queryable.js';
import { createRowTypeParsers } from './value-representation.js';

/** How long to wait for a server to answer before giving up on a connection. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface DatabaseClientOptions {
  /** Where to connect. Defaults to DATABASE_URL; without either, see `embedded`. */
  readonly connectionString?: string;
  /**
   * With no connection string and no DATABASE_URL, start (or reuse) the embedded development
   * PostgreSQL. Off by default, so a service missing DATABASE_URL fails with a clear error
   * instead of serving an empty database. `DatabaseClient.embedded()` sets it.
   */
  readonly embedded?: boolean;
  /**
   * Extra pg.Pool settings (max connections, timeouts, ...). Not `types`: the client always
   * installs its own parsers, the value representation the generated row types describe.
   */
  readonly pool?: Omit<pg.PoolConfig, 'connectionString' | 'types'>;
  readonly migrationsDir?: string;
  /** Hears progress lines (migrations applied, embedded server started). Silent by default. */
  readonly log?: Logger;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The AINP database client:
 *
 *   const db = new DatabaseClient(); // DATABASE_URL, or a connection string: new DatabaseClient(url)
 *   await db.connect();
 *   await db.runMigrations();
 *
 * With no connection string and no DATABASE_URL, `connect()` throws a ConfigurationError naming
 * DATABASE_URL, unless the embedded PostgreSQL was asked for: `DatabaseClient.embedded()` (what
 * the CLIs use) starts it on demand and `close()` stops it again (or reuses it, and leaves it
 * running, if it was already up). DATABASE_URL still wins when it is set.
 *
 * Errors the credit functions raise (SQLSTATE class AC) come out of `query`, `transaction` and
 * `withConnection` as their typed errors (InsufficientCreditError, ...; see credit-sqlstates.ts).
 *
 * Rows arrive as the generated row types say (AgentRow, ...): its pool parses bigint to JS bigint
 * (so `count(*)` is a bigint too) and numeric to number; see value-representation.ts. The parsers
 * belong to this pool only; pg's global parsers are left alone.
 */
/** The 'error' event of a pool or client; the query in flight, or the next one, reports it. */
function ignoreConnectionError(): void {}

export class DatabaseClient {
  private readonly options: DatabaseClientOptions;
  private target: DatabaseTarget | undefined;
  private pool: pg.Pool | undefined;
  /** Deposit, earn, reserve, release and spend: `await db.credits.reserve({ ... })`. */
  readonly credits = new CreditOperations(this);

  constructor(options: string | DatabaseClientOptions = {}) {
    this.options = typeof options === 'string' ? { connectionString: options } : options;
  }

  /** A client that falls back to the embedded development PostgreSQL when DATABASE_URL is unset. */
  static embedded(options: Omit<DatabaseClientOptions, 'embedded'> = {}): DatabaseClient {
    return new DatabaseClient({ ...options, embedded: true });
  }

  /** Resolves the target, opens the pool and proves one connection works. */
  async connect(): Promise<void> {
    if (this.pool !== undefined) return;
    const target = await resolveDatabaseTarget({
      connectionString: this.options.connectionString,
      env: this.options.env,
      log: this.options.log,
      embedded: this.options.embedded,
    });
    const pool = new pg.Pool({
      connectionTimeoutMillis: DEFAULT_CONNECT_TIMEOUT_MS,
      ...this.options.pool,
      connectionString: target.connectionString,
      types: createRowTypeParsers(),
    });
    // A client losing its connection (the server killed, the network cut) must not crash the
    // process with an unhandled 'error' event, idle or checked out: the query in flight, or the
    // next one, reports it.
    pool.on('error', ignoreConnectionError);
    pool.on('connect', (client) => client.on('error', ignoreConnectionError));
    try {
      const probe = await pool.connect();
      probe.release();
    } catch (error) {
      await pool.end().catch(() => {});
      await target.release().catch(() => {});
      throw connectionFailure(error, target.description);
    }
    this.target = target;
    this.pool = pool;
  }

  /** True when this client uses the embedded development PostgreSQL. */
  get isEmbedded(): boolean {
    return this.requireTarget().embedded;
  }

  /** Where this client is connected, without any password. */
  get description(): string {
    return this.requireTarget().description;
  }

  /** The connection string in use (may contain a password: do not print it). */
  get connectionString(): string {
    return this.requireTarget().connectionString;
  }

  /**
   * The client's pg.Pool, with its type parsers: for adapters such as createKysely(db) from
   * @ainp/db/kysely. Do not end it; `close()` does.
   */
  get pgPool(): pg.Pool {
    return this.requirePool();
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.requirePool()
      .query<R>(text, values)
      .catch((error: unknown) => {
        throw creditErrorFromDatabase(error);
      });
  }

  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.requirePool().connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw creditErrorFromDatabase(error);
    } finally {
      client.release();
    }
  }

  /** Runs `work` with one dedicated connection (session state, advisory locks, COPY). */
  async withConnection<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.requirePool().connect();
    try {
      return await work(client);
    } catch (error) {
      throw creditErrorFromDatabase(error);
    } finally {
      client.release();
    }
  }

  /**
   * Applies all pending migrations (or those up to `options.to`) with the run's lock timeout,
   * statement timeout and lock retries; returns the ones it applied (empty when up to date).
   */
  runMigrations(
    options: Pick<RunMigrationsOptions, 'log' | 'settings' | 'to'> = {},
  ): Promise<AppliedMigration[]> {
    return this.withConnection((client) =>
      runMigrations(client, {
        migrationsDir: this.options.migrationsDir,
        ...options,
        log: options.log ?? this.options.log,
        // Another pooled connection watches who holds a lock a migration waits for.
        watcher: this.requirePool(),
      }),
    );
  }

  /** What runMigrations would apply, and how, without applying anything. */
  planMigrations(
    options: Pick<RunMigrationsOptions, 'settings' | 'to'> = {},
  ): Promise<PendingMigration[]> {
    return planPendingMigrations(this.requirePool(), {
      migrationsDir: this.options.migrationsDir,
      ...options,
    });
  }

  /** Runs emergency rollback scripts (see runRollbacks), with lock timeouts and retries. */
  runRollbacks(
    features: readonly RollbackFeature[],
    options: Pick<RunRollbacksOptions, 'log' | 'settings'> = {},
  ): Promise<RolledBackFeature[]> {
    return this.withConnection((client) =>
      runRollbacks(client, features, { ...options, watcher: this.requirePool() }),
    );
  }

  migrationStatus(): Promise<MigrationStatus> {
    return migrationStatus(this.requirePool(), this.options.migrationsDir);
  }

  /** Closes the pool, and stops the embedded server if `connect()` started it. */
  async close(): Promise<void> {
    const pool = this.pool;
    const target = this.target;
    this.pool = undefined;
    this.target = undefined;
    await pool?.end();
    await target?.release();
  }

  private requirePool(): pg.Pool {
    if (this.pool === undefined) {
      throw new AinpDbError('DatabaseClient is not connected. Call `await db.connect()` first.');
    }
    return this.pool;
  }

  private requireTarget(): DatabaseTarget {
    if (this.target === undefined) {
      throw new AinpDbError('DatabaseClient is not connected. Call `await db.connect()` first.');
    }
    return this.target;
  }
}
