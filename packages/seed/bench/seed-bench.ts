import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseClient, runCommand, runMigrations, UsageError } from '@ainp/db';
import { createTestDatabase, type TestDatabase } from '@ainp/db/testing';
import type pg from 'pg';
import { seedDatabase } from '../src/seed-database.js';
import { MAX_DEFAULT_WORKERS, resolveSeedOptions } from '../src/seed-options.js';
import { SEED_TABLE_NAMES } from '../src/seed-tables.js';
import { tableChecksums } from '../src/table-checksums.js';
import { benchServer } from './bench-server.js';
import {
  formatReport,
  machineLine,
  rowsPerSecond,
  targetsMet,
  type Comparison,
  type Measurement,
} from './bench-report.js';
import { rowInsertLoad } from './row-insert-load.js';
import { dumpTables, rawCopyLoad } from './table-files.js';

/** The issue's targets: the seeder against raw COPY, and against a simple row-by-row INSERT loader. */
export const TARGET_VS_RAW_COPY = 0.6;
export const TARGET_VS_ROW_INSERT = 20;
const DEFAULT_BENCH_SCALE = 'medium';
const DEFAULT_REPEAT = 3;
/** The autocommit loader waits for a disk flush per row: it gets the rows of 5% of the agents. */
const AUTOCOMMIT_SAMPLE_SHARE = 0.05;
const AUTOCOMMIT_SAMPLE_MIN_AGENTS = 50;

await runCommand({
  name: 'pnpm bench:seed',
  examples: ['pnpm bench:seed', 'pnpm bench:seed --scale small --repeat 1'],
  environment: [
    'DATABASE_URL: measure on this server (its role needs CREATEDB) instead of a throwaway one',
    'AINP_DEBUG=1: print the stack with an error',
  ],
  exitCodes: '0 every target met, 1 a target missed or a failure, 2 bad usage.',
  usage:
    'pnpm bench:seed [--scale small|medium|load] [--seed <int>] [--repeat <n>] [--workers <n>]',
  help: `
Measures, on one server in one run, ways of loading the same rows into freshly migrated
databases, and prints rows/s for each and the seeder's ratios against its targets (exit code 1
when one is missed):
  (a)  the seeder: generating, COPYing, refreshing the usefulness cache;
  (b)  raw COPY of the rows (a) wrote, dumped to disk first in the seeder's binary COPY
       format: plain, into the indexed tables;
  (b') the same files through the seeder's bulk path (indexes and foreign keys set aside);
  (c)  a simple row-by-row INSERT loader, each row its own transaction, on the rows of the
       first ${AUTOCOMMIT_SAMPLE_SHARE * 100}% of the agents (a sample closed under foreign keys: a flush per row is slow);
  (c') the same INSERTs in one transaction with prepared statements, on all rows.
(a), (b) and (b') run --repeat times, interleaved, and the best run counts. (b), (b') and (c')
must give tables byte-identical to (a)'s, or the run stops.

Server: DATABASE_URL's (its role needs CREATEDB) when set, otherwise a throwaway embedded
PostgreSQL with stock settings.

Options:
  --scale <preset>  Rows to load (default ${DEFAULT_BENCH_SCALE}).
  --seed <int>      Seed (default 1).
  --repeat <n>      Runs of (a), (b) and (b') (default ${DEFAULT_REPEAT}).
  --workers <n>     The seeder's generator threads (default: cores - 1, 1 to ${MAX_DEFAULT_WORKERS}).
  -h, --help        Show this help.`,
  options: {
    scale: { type: 'string' },
    seed: { type: 'string' },
    repeat: { type: 'string' },
    workers: { type: 'string' },
  },
  async run({ values }) {
    const scale = (values.scale as string | undefined) ?? DEFAULT_BENCH_SCALE;
    const options = resolveSeedOptions({
      scale,
      seed: values.seed as string | undefined,
      workers: values.workers as string | undefined,
    });
    const repeatText = (values.repeat as string | undefined) ?? String(DEFAULT_REPEAT);
    if (!/^\d+$/.test(repeatText) || Number(repeatText) < 1 || Number(repeatText) > 20) {
      throw new UsageError(`--repeat must be a whole number from 1 to 20, not "${repeatText}".`);
    }
    const repeat = Number(repeatText);
    const loadAtStart = os.loadavg()[0]!;
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
      let rows = 0;
      let expected: Record<string, string> | undefined;
      const seeder: number[] = [];
      const raw: number[] = [];
      const rawBulk: number[] = [];
      const phases: string[] = [];

      for (let run = 0; run < repeat; run++) {
        const seeded = await fresh();
        const db = new DatabaseClient(seeded.url);
        await db.connect();
        try {
          const started = performance.now();
          const marks = new Map<string, number>();
          const mark = (name: string) => () => void marks.set(name, performance.now() - started);
          const report = await seedDatabase(db, options, {
            planned: mark('first chunk asked'),
            loaded: (table) => {
              if (!marks.has('first chunk in'))
                marks.set('first chunk in', performance.now() - started);
              if (table === 'negotiations') marks.set('rows in', performance.now() - started);
            },
            refreshing: mark('cache refreshing'),
            indexing: mark('indexes building'),
          });
          seeder.push(performance.now() - started);
          phases.push(
            [...marks].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)}`).join(', ') +
              `, committed ${(seeder[seeder.length - 1]! / 1000).toFixed(2)} s`,
          );
          rows = SEED_TABLE_NAMES.reduce((sum, table) => sum + report.rows[table], 0);
          if (expected === undefined) {
            expected = await tableChecksums(db);
            await db.withConnection((client) => dumpTables(client, dir));
          }
        } finally {
          await db.close();
        }
        await seeded.drop();
        raw.push(
          await measure(await fresh(), expected!, (c) => rawCopyLoad(c, dir, { bulk: false })),
        );
        rawBulk.push(
          await measure(await fresh(), expected!, (c) => rawCopyLoad(c, dir, { bulk: true })),
        );
      }
      const sample = await fresh();
      let sampled = 0;
      const autocommitMs = await withClient(sample.url, async (client) => {
        const started = performance.now();
        sampled = await rowInsertLoad(client, dir, {
          autocommit: true,
          sampleAgents: Math.max(
            AUTOCOMMIT_SAMPLE_MIN_AGENTS,
            Math.round(options.counts.agents * AUTOCOMMIT_SAMPLE_SHARE),
          ),
        });
        return performance.now() - started;
      });
      const transactionMs = await measure(await fresh(), expected!, (c) =>
        rowInsertLoad(c, dir, { autocommit: false }).then(() => {}),
      );

      const measurements: Measurement[] = [
        { name: '(a)  seeder: generate + COPY + cache refresh', rows, runsMs: seeder },
        { name: '(b)  raw COPY from disk, into indexed tables', rows, runsMs: raw },
        { name: "(b') raw COPY from disk, seeder's bulk path", rows, runsMs: rawBulk },
        {
          name: '(c)  row-by-row INSERT, autocommit (sample)',
          rows: sampled,
          runsMs: [autocommitMs],
        },
        { name: "(c') row-by-row INSERT, one transaction", rows, runsMs: [transactionMs] },
      ];
      const [a, b, b2, c, c2] = measurements.map(rowsPerSecond) as [
        number,
        number,
        number,
        number,
        number,
      ];
      const comparisons: Comparison[] = [
        { name: 'raw COPY (b)', value: a / b, target: TARGET_VS_RAW_COPY },
        { name: "raw COPY, same bulk path (b')", value: a / b2 },
        { name: 'simple row-by-row INSERT (c)', value: a / c, target: TARGET_VS_ROW_INSERT },
        { name: "INSERT in one transaction (c')", value: a / c2 },
      ];
      console.log(
        formatReport(
          [
            `Seed benchmark: ${scale} scale, seed ${options.seed}, ${options.workers} generator thread(s).`,
            `Server: ${server.description}, PostgreSQL ${version}.`,
            machineLine(loadAtStart),
          ],
          measurements,
          comparisons,
        ),
      );
      console.log(
        `\nSeeder phases (s after start), per run:\n${phases.map((p) => `  ${p}`).join('\n')}`,
      );
      return targetsMet(comparisons) ? 0 : 1;
    } finally {
      for (const db of scratch) await db.drop().catch(() => {});
      await template.drop().catch(() => {});
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
});

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
