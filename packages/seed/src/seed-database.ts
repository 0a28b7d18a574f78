import {
  citusSessionSettings,
  refreshUsefulnessCacheAsOf,
  type AppliedMigration,
  type DatabaseClient,
} from '@ainp/db';
import { enterBulkLoadMode } from './bulk-load-mode.js';
import { checkSeedColumns } from './check-seed-columns.js';
import { generatorThreadsFor, planChunks, type ChunkSpec } from './chunk-plan.js';
import { startChunkSource, type ChunkSource } from './chunk-source.js';
import { joinCopyData } from './copy-binary.js';
import { copyInto } from './copy-into.js';
import type { EncodedChunk } from './encode-chunk.js';
import { SeedLoadError, SeedResetRefusedError, SeedTargetNotEmptyError } from './errors.js';
import {
  inspectReset,
  nonEmptySeededTables,
  resetRefusal,
  resetSeededTables,
} from './reset-seeded-tables.js';
import type { SeedOptions } from './seed-options.js';
import { recordSeedRun } from './seed-runs.js';
import { SEED_TABLE_NAMES, type SeedTableName } from './seed-tables.js';
import { serverAgreesOnCacheWindow } from './usefulness-cache-value.js';

/** Serialises seed runs on one database (pg_advisory_xact_lock): "AINPSEED" in ASCII. */
export const SEED_LOCK_KEY = 0x41494e5053454544n;

export type RowCounts = Record<SeedTableName, number>;

/** What a run tells whoever is watching; every callback is optional. */
export interface SeedObserver {
  migrated?(applied: readonly AppliedMigration[]): void;
  /**
   * The load starts: what it will add (tables whose count follows from the data, such as the
   * idempotency keys of recent operations, are missing), and where agent numbering starts.
   */
  planned?(plan: { readonly expected: Partial<RowCounts>; readonly firstAgent: number }): void;
  /** One COPY finished: rows now loaded into that table by this run. */
  loaded?(table: SeedTableName, rowsSoFar: number): void;
  refreshing?(): void;
  /** Re-adding what bulk mode set aside: keys, foreign keys, indexes (each checks every row). */
  indexing?(): void;
}

export interface SeedReport {
  readonly rows: RowCounts;
  readonly firstAgent: number;
  readonly migrationsApplied: readonly AppliedMigration[];
  readonly elapsedMs: number;
}

export type SeedTarget = Pick<DatabaseClient, 'runMigrations' | 'withConnection'>;

/**
 * Seeds the database: applies pending migrations, then, in ONE transaction, empties the seeded
 * tables (reset) or checks they are empty (fresh) or finds where numbering continues (append),
 * COPYs every chunk in foreign-key order and refreshes the usefulness cache (unless the tables
 * were empty: then the rows come with it). Any failure rolls
 * the whole load back: the database keeps exactly the rows it had.
 */
export async function seedDatabase(
  db: SeedTarget,
  options: SeedOptions,
  observer: SeedObserver = {},
): Promise<SeedReport> {
  const started = performance.now();
  // Generator threads start first: they load their code while the schema is migrated and locked.
  const fromZero = planChunks(options.counts, options.seed, options.refDate, 0);
  const workers = generatorThreadsFor(fromZero, options.workers);
  const source = startChunkSource(workers, options.seed, options.refDate.getTime());
  try {
    // A fresh or reset load numbers its agents from 0, so its first chunks can be made while the
    // database is prepared; an append must first count the agents it continues from.
    const early =
      options.mode === 'append'
        ? undefined
        : { specs: fromZero, batches: source.batches(fromZero) };
    // A reset that must be refused is refused before the migrations change anything; the load
    // checks again under the seed lock.
    if (options.mode === 'reset') {
      const refusal = resetRefusal(await db.withConnection(inspectReset), options);
      if (refusal !== undefined) throw refusal;
    }
    const migrationsApplied = await db.runMigrations();
    observer.migrated?.(migrationsApplied);
    return await load(db, options, observer, source, early, migrationsApplied, started);
  } finally {
    await source.close();
  }
}

async function load(
  db: SeedTarget,
  options: SeedOptions,
  observer: SeedObserver,
  source: ChunkSource,
  early: PlannedChunks | undefined,
  migrationsApplied: readonly AppliedMigration[],
  started: number,
): Promise<SeedReport> {
  return db.withConnection(async (client) => {
    const rows = emptyCounts();
    let stage = 'starting the load';
    await client.query('BEGIN');
    try {
      for (const setting of await citusSessionSettings(client)) await client.query(setting);
      await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY.toString()]);
      stage = 'checking the seeded columns against the schema';
      await checkSeedColumns(client);
      stage = 'starting the load';
      const firstAgent = await prepareTables(client, options);
      // Into empty tables, build indexes and check foreign keys once, after the rows are in.
      const bulk =
        (await nonEmptySeededTables(client)).length === 0
          ? await enterBulkLoadMode(client)
          : undefined;
      const { specs, batches } =
        early !== undefined && firstAgent === 0 ? early : planned(source, options, firstAgent);
      observer.planned?.({ expected: expectedRows(specs), firstAgent });
      for await (const batch of batches) {
        // The batch's rows of each table in one COPY: a statement costs the server some
        // milliseconds whatever its rows (docs/benchmarks.md, eighth round).
        for (const table of SEED_TABLE_NAMES) {
          const loading = batch.filter((chunk) => chunk.rows[table] > 0);
          if (loading.length === 0) continue;
          stage = `loading ${table} (${chunkNames(loading, specs.length)})`;
          await copyInto(client, table, joinCopyData(loading.map((chunk) => chunk.data[table])));
          for (const chunk of loading) rows[table] += chunk.rows[table];
          observer.loaded?.(table, rows[table]);
        }
      }
      stage = 'refreshing the usefulness cache';
      // Into empty tables, every agent is this run's and came with its cache worked out from its
      // proofs (usefulness-cache-value.ts): the refresh would write the same values again.
      if (bulk === undefined || !(await serverAgreesOnCacheWindow(client, options.refDate))) {
        observer.refreshing?.();
        await refreshUsefulnessCacheAsOf(client, options.refDate);
      }
      if (bulk !== undefined) {
        stage = 'building indexes and checking foreign keys';
        observer.indexing?.();
        await bulk.restore();
      }
      stage = 'recording the seed run';
      await recordSeedRun(client, {
        seed: options.seed,
        refDate: options.refDate,
        mode: options.mode,
        rowCounts: rows,
      });
      stage = 'committing';
      await client.query('COMMIT');
      return {
        rows,
        firstAgent,
        migrationsApplied,
        elapsedMs: performance.now() - started,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      if (error instanceof SeedTargetNotEmptyError || error instanceof SeedResetRefusedError) {
        throw error;
      }
      throw new SeedLoadError(
        `Seeding failed while ${stage} and was rolled back: the seeded tables are exactly as they were before. Reason: ${(error as Error).message}`,
        { cause: error },
      );
    }
  });
}

/** A load's chunks, in batches, and their specs. */
interface PlannedChunks {
  readonly specs: readonly ChunkSpec[];
  readonly batches: AsyncGenerator<readonly EncodedChunk[]>;
}

function planned(source: ChunkSource, options: SeedOptions, firstAgent: number): PlannedChunks {
  const specs = planChunks(options.counts, options.seed, options.refDate, firstAgent);
  return { specs, batches: source.batches(specs) };
}

/** "chunk 3 of 14", or "chunks 3-5 of 14" (a batch's chunks are consecutive). */
function chunkNames(chunks: readonly EncodedChunk[], total: number): string {
  const first = chunks[0]!.index + 1;
  const last = chunks[chunks.length - 1]!.index + 1;
  return first === last ? `chunk ${first} of ${total}` : `chunks ${first}-${last} of ${total}`;
}

/** Applies the mode; returns the number of the run's first agent. */
async function prepareTables(
  client: Parameters<Parameters<SeedTarget['withConnection']>[0]>[0],
  options: SeedOptions,
): Promise<number> {
  if (options.mode === 'reset') {
    await resetSeededTables(client, options);
    return 0;
  }
  if (options.mode === 'append') {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM agents');
    return Number(rows[0]!.n);
  }
  const occupied = await nonEmptySeededTables(client);
  if (occupied.length > 0) {
    throw new SeedTargetNotEmptyError(
      `The database already holds rows in ${occupied.join(', ')}; nothing was written. Run with --reset to replace them, or --append to add to them.`,
    );
  }
  return 0;
}

function emptyCounts(): RowCounts {
  return Object.fromEntries(SEED_TABLE_NAMES.map((name) => [name, 0])) as RowCounts;
}

/** Rows per table the plan will add (the idempotency keys depend on the operations' dates). */
function expectedRows(specs: readonly ChunkSpec[]): Partial<RowCounts> {
  const rows: Partial<RowCounts> & Omit<RowCounts, 'credit_idempotency_keys'> = {
    agents: 0,
    trust_scores: 0,
    usefulness_proofs: 0,
    credit_accounts: 0,
    credit_transactions: 0,
    negotiations: 0,
  };
  for (const { counts } of specs) {
    rows.agents += counts.agents;
    rows.trust_scores += counts.trustScores;
    rows.usefulness_proofs += counts.usefulnessProofs;
    rows.credit_accounts += counts.creditAccounts;
    rows.credit_transactions += counts.creditTransactions;
    rows.negotiations += counts.negotiations;
  }
  return rows;
}
