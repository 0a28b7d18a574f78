import type { Queryable } from '../connection/queryable.js';

/** A session that held a lock another session was waiting for. */
export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string;
  readonly state: string;
  /** How long its transaction had been open when seen, in seconds (null: none open). */
  readonly transactionSeconds: number | null;
  /** The first 80 characters of its current or last query. */
  readonly query: string;
}

const POLL_MS = 25;

const HOLDERS_SQL = `
SELECT a.pid, coalesce(a.application_name, '') AS application_name, coalesce(a.state, '') AS state,
       round(extract(epoch FROM clock_timestamp() - a.xact_start)::numeric, 1)::float8 AS transaction_seconds,
       left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 80) AS query
  FROM pg_stat_activity a
 WHERE a.pid = ANY (pg_blocking_pids($1))
 ORDER BY a.xact_start NULLS LAST, a.pid`;

/** One line about a holder: `pid 4711 (psql, idle in transaction, transaction open 12.0 s): BEGIN; …`. */
export function describeHolder(holder: LockHolder): string {
  const open =
    holder.transactionSeconds === null
      ? 'no transaction open'
      : `transaction open ${holder.transactionSeconds.toFixed(1)} s`;
  const app = holder.applicationName === '' ? 'no application name' : holder.applicationName;
  return `pid ${holder.pid} (${app}, ${holder.state || 'unknown state'}, ${open}): ${JSON.stringify(holder.query)}`;
}

export function describeHolders(holders: readonly LockHolder[]): string {
  return holders.length === 0
    ? 'the lock holder was not seen (it let go before it could be looked up)'
    : `held by ${holders.map(describeHolder).join('; ')}`;
}

/**
 * Watches, from a connection of its own, which sessions block `pid`, while a migration runs on
 * `pid`: pg_blocking_pids() and pg_stat_activity, every 25 ms. `holders` is the last non-empty
 * sighting, so after a lock timeout it names who held the lock the statement waited for.
 */
export class LockWatcher {
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private seen: LockHolder[] = [];

  constructor(
    private readonly connection: Queryable,
    private readonly pid: number,
  ) {}

  get holders(): readonly LockHolder[] {
    return this.seen;
  }

  start(): void {
    this.seen = [];
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    // One last look: a statement that has just timed out may still show its blockers.
    if (this.seen.length === 0) await this.poll();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const { rows } = await this.connection.query<{
        pid: number;
        application_name: string;
        state: string;
        transaction_seconds: number | null;
        query: string;
      }>(HOLDERS_SQL, [this.pid]);
      if (rows.length > 0) {
        this.seen = rows.map((row) => ({
          pid: row.pid,
          applicationName: row.application_name,
          state: row.state,
          transactionSeconds: row.transaction_seconds,
          query: row.query,
        }));
      }
    } catch {
      // The watcher only adds detail to a message; a failed look-up must not fail the migration.
    } finally {
      this.polling = false;
    }
  }
}
