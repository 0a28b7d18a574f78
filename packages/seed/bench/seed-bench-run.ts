import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseClient, writeLine, runMigrations, UsageError } from '@ainp/db';
import { readCpuTimes, stealShare } from '@ainp/db/bench';
import { createTestDatabase, type TestDatabase } from '@ainp/db/testing';
import type pg from 'pg';
import { seedDatabase } from '../src/seed-database.js';
import { resolveSeedOptions, type SeedOptions } from '../src/seed-options.js';
import { SEED_TABLE_NAMES } from '../src/seed-tables.js';
import { tableChecksums } from '../src/table-checksums.js';
import { benchServer } from './bench-server.js';
import {
  formatCount,
  formatReport,
  interferenceLine,
  machineLine,
  rowsPerSecond,
  targetsMet,
  type Comparison,
  type Measurement,
} from './bench-report.js';
import { batchInsertLoad, INSERT_BATCH_ROWS } from './batch-insert-load.js';
import { besideBusyCore } from './busy-core.js';
import { generateOnly } from './generate-only.js';
import { rowInsertLoad } from './row-insert-load.js';
import { dumpTables, rawCopyLoad } from './table-files.js';

/** The issue's targets: the seeder against raw COPY on its own bulk path, and against batched INSERTs. */
import type { CommandIo } from '@ainp/db/commands';
import {
  TARGET_VS_RAW_COPY,
  TARGET_VS_BATCH_INSERT,
  TARGET_SCALING,
  DEFAULT_BENCH_SCALE,
  SCALING_BASE,
  DEFAULT_REPEAT,
  AUTOCOMMIT_SAMPLE_SHARE,
  AUTOCOMMIT_SAMPLE_MIN_AGENTS,
  AUTOCOMMIT_SAMPLE_MAX_AGENTS,
  TRANSACTION_SAMPLE_MAX_AGENTS,
} from './bench-settings.js';

/** `pnpm bench:seed`'s work (see its --help in seed-bench.ts). */
export async function runSeedBench(
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
  io: CommandIo,
): Promise<number | void> {
  const scale = (values.scale as string | undefined) ?? DEFAULT_BENCH_SCALE;
  const flags = {
    seed: values.seed as string | undefined,
    workers: values.workers as string | undefined,
  };
  const options = resolveSeedOptions({ ...flags, scale });
  const repeatText = (values.repeat as string | undefined) ?? String(DEFAULT_REPEAT);
  if (!/^\d+$/.test(repeatText) || Number(repeatText) < 1 || Number(repeatText) > 20) {
    throw new UsageError(`--repeat must be a whole number from 1 to 20, not "${repeatText}".`);
  }
  const repeat = Number(repeatText);
  const loadAtStart = os.loadavg()[0]!;
  const cpuAtStart = readCpuTimes();
  const server = await benchServer();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-bench-rows-'));
  const scratch: TestDatabase[] = [];
  const template = await createTestDatabase(server.adminUrl, { prefix: 'ainp_bench_template' });
  const fresh = async () => {
    const db = await createTestDatabase(server.adminUrl, {
      prefix: 'ainp_bench',
      template: template.name,
    });
    scratch.push(db);
    return db;
  };
  try {
    await withClient(template.url, (client) => runMigrations(client));
    const version = await withClient(
      template.url,
      async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string,
    );
    const phases: string[] = [];
    const seed = async (runOptions: SeedOptions, keep?: (db: DatabaseClient) => Promise<void>) => {
      const seeded = await fresh();
      const db = new DatabaseClient(seeded.url);
      await db.connect();
      try {
        const run = await timedSeed(db, runOptions);
        phases.push(`${runOptions === options ? scale : SCALING_BASE}: ${run.phases}`);
        await keep?.(db);
        return run;
      } finally {
        await db.close();
        await seeded.drop();
      }
    };

    // At load, the seeder and raw COPY (b) also run at the base scale: how (b) scales is how the
    // server's side of the load scales, which the seeder's figure is to be read against.
    const base = new Runs();
    const baseRaw = new Runs();
    let baseRows = 0;
    if (scale === 'load') {
      const baseOptions = resolveSeedOptions({ ...flags, scale: SCALING_BASE });
      const baseDir = path.join(dir, SCALING_BASE);
      await mkdir(baseDir);
      let baseExpected: Record<string, string> | undefined;
      for (let run = 0; run < repeat; run++) {
        await base.time(async () => {
          const { ms, rows } = await seed(baseOptions, async (db) => {
            if (baseExpected !== undefined) return;
            baseExpected = await tableChecksums(db);
            // Only (b) runs at the base scale: it reads the binary files alone.
            await db.withConnection((client) => dumpTables(client, baseDir, ['binary']));
          });
          baseRows = rows;
          return ms;
        });
        const target = await fresh();
        await baseRaw.time(() =>
          measure(target, baseExpected!, (c) => rawCopyLoad(c, baseDir, { bulk: true })),
        );
      }
    }

    let rows = 0;
    let expected: Record<string, string> | undefined;
    const seeder = new Runs();
    const rawBulk = new Runs();
    const rawBulkBusy = new Runs();
    const raw = new Runs();
    const generation = new Runs();
    const batch = new Runs();
    let batched = 0;
    let cpuSeconds = Infinity;
    for (let run = 0; run < repeat; run++) {
      await seeder.time(async () => {
        const result = await seed(options, async (db) => {
          if (expected !== undefined) return;
          expected = await tableChecksums(db);
          await db.withConnection((client) => dumpTables(client, dir));
        });
        rows = result.rows;
        return result.ms;
      });
      const forBulk = await fresh();
      await rawBulk.time(() =>
        measure(forBulk, expected!, (c) => rawCopyLoad(c, dir, { bulk: true })),
      );
      const forBusy = await fresh();
      await rawBulkBusy.time(() =>
        besideBusyCore(() =>
          measure(forBusy, expected!, (c) => rawCopyLoad(c, dir, { bulk: true })),
        ),
      );
      const forRaw = await fresh();
      await raw.time(() => measure(forRaw, expected!, (c) => rawCopyLoad(c, dir, { bulk: false })));
      const forBatch = await fresh();
      await batch.time(() =>
        measure(forBatch, expected!, async (c) => {
          batched = await batchInsertLoad(c, dir);
        }),
      );
      await generation.time(async () => {
        const generated = await generateOnly(options);
        cpuSeconds = Math.min(cpuSeconds, generated.cpuSeconds);
        return generated.ms;
      });
    }

    const sample = await fresh();
    let sampled = 0;
    const autocommitMs = await withClient(sample.url, async (client) => {
      const started = performance.now();
      sampled = await rowInsertLoad(client, dir, {
        autocommit: true,
        sampleAgents: Math.min(
          AUTOCOMMIT_SAMPLE_MAX_AGENTS,
          Math.max(
            AUTOCOMMIT_SAMPLE_MIN_AGENTS,
            Math.round(options.counts.agents * AUTOCOMMIT_SAMPLE_SHARE),
          ),
        ),
      });
      return performance.now() - started;
    });
    const transactionSample =
      options.counts.agents > TRANSACTION_SAMPLE_MAX_AGENTS
        ? TRANSACTION_SAMPLE_MAX_AGENTS
        : undefined;
    let inTransaction = 0;
    const transactionLoad = async (c: pg.PoolClient) => {
      inTransaction = await rowInsertLoad(c, dir, {
        autocommit: false,
        sampleAgents: transactionSample,
      });
    };
    const transactionMs =
      transactionSample === undefined
        ? await measure(await fresh(), expected!, transactionLoad)
        : await withClient((await fresh()).url, async (client) => {
            const started = performance.now();
            await transactionLoad(client);
            return performance.now() - started;
          });

    // Each loader's figures, by name for the comparisons, in this order in the report.
    const loaders = {
      a: { name: '(a)  seeder, end to end', rows, ...seeder.measured() },
      b: { name: "(b)  raw COPY from disk, seeder's bulk path", rows, ...rawBulk.measured() },
      c: {
        name: `(c)  batched INSERT, ${INSERT_BATCH_ROWS} rows/statement, 1 tx`,
        rows: batched,
        ...batch.measured(),
      },
      d: { name: '(d)  generation alone, no database', rows, ...generation.measured() },
      b2: { name: "(b') raw COPY from disk, into indexed tables", rows, ...raw.measured() },
      bBusy: { name: '(b*) raw COPY as (b), beside a busy core', rows, ...rawBulkBusy.measured() },
      e: {
        name: '(e)  row-by-row INSERT, autocommit (sample)',
        rows: sampled,
        runsMs: [autocommitMs],
      },
      e2: {
        name: `(e') row-by-row INSERT, one transaction${transactionSample === undefined ? '' : ' (sample)'}`,
        rows: inTransaction,
        runsMs: [transactionMs],
      },
    } satisfies Record<string, Measurement>;
    const measurements: Measurement[] = Object.values(loaders);
    const b = rowsPerSecond(loaders.b);
    // The seeder's rows/s over a baseline's.
    const versus = (baseline: Measurement) => rowsPerSecond(loaders.a) / rowsPerSecond(baseline);
    const comparisons: Comparison[] = [
      {
        name: 'raw COPY, same bulk path (b)',
        value: versus(loaders.b),
        target: TARGET_VS_RAW_COPY,
      },
      {
        name: 'batched multi-row INSERT (c)',
        value: versus(loaders.c),
        target: TARGET_VS_BATCH_INSERT,
      },
      { name: "raw COPY into indexed tables (b')", value: versus(loaders.b2) },
      { name: 'raw COPY beside a busy core (b*)', value: versus(loaders.bBusy) },
      { name: 'row-by-row INSERT, autocommit (e)', value: versus(loaders.e) },
      { name: "row-by-row INSERT, one transaction (e')", value: versus(loaders.e2) },
    ];
    if (base.ms.length > 0) {
      comparisons.push({
        name: `itself at ${SCALING_BASE} (load/${SCALING_BASE} rows/s)`,
        value: versus({ name: SCALING_BASE, rows: baseRows, runsMs: base.ms }),
        target: TARGET_SCALING,
      });
      measurements.push(
        {
          name: `(a)  seeder, end to end, at ${SCALING_BASE} scale`,
          rows: baseRows,
          ...base.measured(),
        },
        {
          name: `(b)  raw COPY, bulk path, at ${SCALING_BASE} scale`,
          rows: baseRows,
          ...baseRaw.measured(),
        },
      );
    }
    writeLine(
      io.stdout,
      formatReport(
        [
          `Seed benchmark: ${scale} scale, seed ${options.seed}, ${options.workers} generator thread(s).`,
          `Server: ${server.description}, PostgreSQL ${version}.`,
          machineLine(loadAtStart, cpuAtStart),
        ],
        measurements,
        comparisons,
      ),
    );
    if (baseRaw.ms.length > 0) {
      const rawScaling =
        b / rowsPerSecond({ name: SCALING_BASE, rows: baseRows, runsMs: baseRaw.ms });
      writeLine(
        io.stdout,
        `\nRaw COPY (b) itself, load/${SCALING_BASE} rows/s: ${rawScaling.toFixed(3)} (for information: the server's side of the load, with no generation, scales this way).`,
      );
    }
    writeLine(io.stdout, `\n${interferenceLine(b / rowsPerSecond(loaders.bBusy))}`);
    writeLine(
      io.stdout,
      `\nGeneration alone: ${cpuSeconds.toFixed(2)} CPU s (best run, every thread), ${formatCount(rows / cpuSeconds)} rows per CPU second.`,
    );
    writeLine(
      io.stdout,
      `Peak RSS of this process (seeder, its threads, the loaders): ${peakRssMb()} MB.`,
    );
    writeLine(
      io.stdout,
      `\nSeeder phases (s after start), per run:\n${phases.map((p) => `  ${p}`).join('\n')}`,
    );
    return targetsMet(comparisons) ? 0 : 1;
  } finally {
    for (const db of scratch) await db.drop().catch(() => {});
    await template.drop().catch(() => {});
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** This process's peak resident memory so far, in MB (maxRSS is in KiB). */
function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** One seeder run into `db`, timed, with when each phase began. */
async function timedSeed(
  db: DatabaseClient,
  options: SeedOptions,
): Promise<{ ms: number; rows: number; phases: string }> {
  const started = performance.now();
  const marks = new Map<string, number>();
  const mark = (name: string) => () => void marks.set(name, performance.now() - started);
  const report = await seedDatabase(db, options, {
    // A fresh or reset load asks the generator threads for its first chunks before this, at its start.
    planned: mark('load planned'),
    loaded: (table) => {
      if (!marks.has('first chunk in')) marks.set('first chunk in', performance.now() - started);
      if (table === 'negotiations') marks.set('rows in', performance.now() - started);
    },
    refreshing: mark('cache refreshing'),
    indexing: mark('indexes building'),
  });
  const ms = performance.now() - started;
  return {
    ms,
    rows: SEED_TABLE_NAMES.reduce((sum, table) => sum + report.rows[table], 0),
    phases:
      [...marks].map(([name, at]) => `${name} ${(at / 1000).toFixed(2)}`).join(', ') +
      `, committed ${(ms / 1000).toFixed(2)} s`,
  };
}

/** Runs `work` on one connection to `url` (through DatabaseClient, as the seeder connects). */
async function withClient<T>(url: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = new DatabaseClient(url);
  await db.connect();
  try {
    return await db.withConnection(work);
  } finally {
    await db.close();
  }
}

/**
 * One loader's runs: each one's wall time, and the share of the machine's CPU time the hypervisor
 * gave to other guests while it ran (a run that lost much of the machine shows it).
 */
class Runs {
  readonly ms: number[] = [];
  readonly steal: (number | undefined)[] = [];

  /** Runs `run` (which returns its own timing, in ms) and records it. */
  async time(run: () => Promise<number>): Promise<void> {
    const before = readCpuTimes();
    const ms = await run();
    this.steal.push(stealShare(before, readCpuTimes()));
    this.ms.push(ms);
  }

  measured(): Pick<Measurement, 'runsMs' | 'runsSteal'> {
    return { runsMs: this.ms, runsSteal: this.steal };
  }
}

/** Times a load into `target`, checks it produced the seeder's exact tables, drops the database. */
async function measure(
  target: TestDatabase,
  expected: Record<string, string>,
  work: (client: pg.PoolClient) => Promise<void>,
): Promise<number> {
  const ms = await withClient(target.url, async (client) => {
    const started = performance.now();
    await work(client);
    return performance.now() - started;
  });
  const db = new DatabaseClient(target.url);
  await db.connect();
  try {
    const found = await tableChecksums(db);
    for (const table of SEED_TABLE_NAMES) {
      if (found[table] !== expected[table]) {
        throw new Error(
          `A baseline loaded different ${table} rows than the seeder; the comparison is void.`,
        );
      }
    }
  } finally {
    await db.close();
  }
  await target.drop();
  return ms;
}
