import { Kysely, PostgresDialect, type KyselyConfig, type PostgresPool } from 'kysely';
import type pg from 'pg';
import { creditErrorFromDatabase } from '../credits/credit-sqlstates.js';
import type { DatabaseClient } from '../connection/database-client.js';
import type { DB } from '../generated/kysely-database.js';

/**
 * The client's pool as Kysely's PostgresDialect wants it: `end()` leaves the pool open (it belongs
 * to the DatabaseClient), and errors the credit functions raise become their typed errors, as
 * they do through `db.query`.
 */
function sharedPool(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      const query = (text: string, values: readonly unknown[]) =>
        client.query(text, [...values]).catch((error: unknown) => {
          throw creditErrorFromDatabase(error);
        });
      return { query, release: () => client.release() } as unknown as Awaited<
        ReturnType<PostgresPool['connect']>
      >;
    },
    async end() {},
  };
}

/**
 * A `Kysely<DB>` on a connected DatabaseClient's pool, so rows arrive with its parsers (bigint →
 * bigint, numeric → number, timestamps → Date, jsonb parsed). `destroy()` on it leaves the client
 * open; close the client when done. `config` adds Kysely options (plugins, log).
 */
export function createKysely(
  db: DatabaseClient,
  config: Omit<KyselyConfig, 'dialect'> = {},
): Kysely<DB> {
  return new Kysely<DB>({
    ...config,
    dialect: new PostgresDialect({ pool: sharedPool(db.pgPool) }),
  });
}
