import type { Queryable } from '@ainp/db';
import type { SeedMode } from './seed-options.js';

/**
 * The seeder's marker: one row per committed seed run, naming the run's transaction. Every row a
 * run writes (and every row it updates, such as the usefulness cache) carries that transaction id
 * as its `xmin`, so a row whose `xmin` is no recorded run's was written or changed by someone
 * else: that is what makes a database look shared to `--reset`. A row changed after the seed
 * counts as not the seed's, on purpose: a reset would lose that change.
 *
 * It lives in its own schema, made by the seeder and not by a migration: it is the seeder's
 * bookkeeping, not part of the AINP schema, so `public`, the migrations, the generated row types
 * and the schema snapshot stay exactly as the migrations make them. A database never seeded has
 * no such schema; one seeded before the marker existed counts all its rows as not the seed's.
 */
export const SEED_RUNS_SCHEMA = 'ainp_seed';
export const SEED_RUNS_TABLE = `${SEED_RUNS_SCHEMA}.seed_runs`;

/** `xmin` is the low 32 bits of a 64-bit transaction id. */
const XID_MODULUS = '4294967296';

const CREATE_SEED_RUNS = `
CREATE SCHEMA IF NOT EXISTS ${SEED_RUNS_SCHEMA};
COMMENT ON SCHEMA ${SEED_RUNS_SCHEMA} IS 'Bookkeeping of pnpm seed (not part of the AINP schema).';
CREATE TABLE IF NOT EXISTS ${SEED_RUNS_TABLE} (
  xact_id     bigint      PRIMARY KEY,
  seed        bigint      NOT NULL,
  ref_date    timestamptz NOT NULL,
  mode        text        NOT NULL,
  row_counts  jsonb       NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE ${SEED_RUNS_TABLE} IS 'One row per committed pnpm seed run: rows whose xmin is xact_id mod 2^32 were written by it.';
`;

export interface SeedRun {
  readonly seed: number;
  readonly refDate: Date;
  readonly mode: SeedMode;
  readonly rowCounts: Readonly<Record<string, number>>;
}

/** Records this transaction as a seed run (creating the marker table on first use). */
export async function recordSeedRun(q: Queryable, run: SeedRun): Promise<void> {
  await q.query(CREATE_SEED_RUNS);
  await q.query(
    `INSERT INTO ${SEED_RUNS_TABLE} (xact_id, seed, ref_date, mode, row_counts)
     VALUES (pg_current_xact_id()::text::bigint, $1, $2, $3, $4)`,
    [run.seed, run.refDate, run.mode, JSON.stringify(run.rowCounts)],
  );
}

/** Forgets every run: called by --reset, whose rows replace theirs. */
export async function forgetSeedRuns(q: Queryable): Promise<void> {
  if (await hasSeedRuns(q)) await q.query(`DELETE FROM ${SEED_RUNS_TABLE}`);
}

/**
 * The `xmin` values of rows written by recorded seed runs, as text (the form `xmin::text` takes);
 * empty when the database was never seeded with the marker.
 */
export async function seededXmins(q: Queryable): Promise<string[]> {
  if (!(await hasSeedRuns(q))) return [];
  const { rows } = await q.query<{ xmin: string }>(
    `SELECT (xact_id % ${XID_MODULUS})::text AS xmin FROM ${SEED_RUNS_TABLE}`,
  );
  return rows.map((row) => row.xmin);
}

async function hasSeedRuns(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ found: boolean }>(
    `SELECT to_regclass('${SEED_RUNS_TABLE}') IS NOT NULL AS found`,
  );
  return rows[0]?.found === true;
}
