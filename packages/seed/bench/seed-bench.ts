import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseClient, runCommand, runMigrations } from '@ainp/db';
import { createTestDatabase, type TestDatabase } from '@ainp/db/testing';
import type pg from 'pg';
import { seedDatabase } from '../src/seed-database.js';
import { resolveSeedOptions } from '../src/seed-options.js';
import { SEED_TABLE_NAMES } from '../src/seed-tables.js';
import { tableChecksums } from '../src/table-checksums.js';
import { benchServer } from './bench-server.js';
import { rowInsertLoad } from './row-insert-load.js';
import { dumpTables, rawCopyLoad } from './table-files.js';

/** The targets: the seeder against raw COPY, and against row-by-row INSERT. */
export const TARGET_VS_RAW_COPY = 0.6;
export const TARGET_VS_ROW_INSERT = 20;
const DEFAULT_BENCH_SCALE = 'medium';
const DEFAULT_REPEAT = 3;

const number = (n: number) => Math.round(n).toLocaleString('en-US');

await runCommand({
  name: 'pnpm bench:seed',
  usage:
    'pnpm bench:seed [--scale small|medium|load] [--seed <int>] [--repeat <n>] [--workers <n>]',
  help: `
Measures, on one server in one run, three ways of loading the same rows into freshly migrated
databases: (a) the seeder (generating and COPYing), (b) a raw COPY of those rows already written
to disk, and (c) a simple loader doing one INSERT per row. Prints rows/s for each and the two
ratios against their targets (seeder >= ${TARGET_VS_RAW_COPY} x raw COPY, >= ${TARGET_VS_ROW_INSERT} x INSERT); exits 1
if a target is missed. (a) and (b) run --repeat times, interleaved, and the best run counts.
(b) and (c) are checked to produce byte-identical tables to (a).

Server: DATABASE_URL's (needs CREATEDB) when set, otherwise a throwaway embedded PostgreSQL.

Options:
  --scale <preset>  Rows to load (default ${DEFAULT_BENCH_SCALE}).
  --seed <int>      Seed (default 1).
  --repeat <n>      Runs of (a) and (b) (default ${DEFAULT_REPEAT}).
  --workers <n>     The seeder's generator threads (default 1).
  -h, --help        Show this help.`,
  options: {
    scale: { type: 'string' },
    seed: { type: 'string' },
    repeat: { type: 'string' },
    workers: { type: 'string' },
  },
  async run({ values }) {
    const options = resolveSeedOptions({
      scale: (values.scale as string | undefined) ?? DEFAULT_BENCH_SCALE,
      seed: values.seed as string | undefined,
      workers: values.workers as string | undefined,
    });
    const repeat = Number((values.repeat as string | undefined) ?? DEFAULT_REPEAT);
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
      throw new Error('--repeat must be a whole number from 1 to 20.');
    }
    const loadAtStart = os.loadavg()[0]!;
    const server = await benchServer();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-bench-rows-'));
    const scratch: TestDatabase[] = [];
    const database = async () => {
      const db = await createTestDatabase(server.adminUrl, {
        prefix: 'ainp_bench',
        template: template.name,
      });
      scratch.push(db);
      return db;
    };
    const template = await createTestDatabase(server.adminUrl, { prefix: 'ainp_bench_template' });
    try {
      await withClient(template.url, (client) => runMigrations(client));
      const version = await withClient(
        template.url,
        async (c) => (await c.query('SHOW server_version')).rows[0].server_version,
      );
      let rows = 0;
      let expected: Record<string, string> | undefined;
      const times = { seeder: [] as number[], raw: [] as number[], insert: [] as number[] };

      for (let run = 0; run < repeat; run++) {
        const seeded = await database();
        const db = new DatabaseClient(seeded.url);
        await db.connect();
        try {
          const started = performance.now();
          const report = await seedDatabase(db, options);
          times.seeder.push(performance.now() - started);
          rows = SEED_TABLE_NAMES.reduce((sum, table) => sum + report.rows[table], 0);
          if (expected === undefined) {
            expected = await tableChecksums(db);
            await withClient(seeded.url, (client) => dumpTables(client, dir));
          }
        } finally {
          await db.close();
        }
        await seeded.drop();

        const copied = await database();
        times.raw.push(await timed(copied.url, (client) => rawCopyLoad(client, dir)));
        await assertSame(copied.url, expected!, 'raw COPY');
        await copied.drop();
      }
      const inserted = await database();
      times.insert.push(await timed(inserted.url, (client) => rowInsertLoad(client, dir)));
      await assertSame(inserted.url, expected!, 'row-by-row INSERT');
      await inserted.drop();

      const best = (list: number[]) => Math.min(...list);
      const rate = (ms: number) => (rows * 1000) / ms;
      const vsRaw = rate(best(times.seeder)) / rate(best(times.raw));
      const vsInsert = rate(best(times.seeder)) / rate(best(times.insert));
      const cpus = os.cpus();
      const line = (name: string, list: number[]) =>
        `  ${name.padEnd(36)} ${(best(list) / 1000).toFixed(2).padStart(7)} s ${number(rate(best(list))).padStart(10)} rows/s   runs: ${list.map((ms) => (ms / 1000).toFixed(2)).join(' ')} s`;
      const verdict = (value: number, target: number) =>
        `${value.toFixed(2).padStart(6)}  (target >= ${target}: ${value >= target ? 'met' : 'MISSED'})`;
      console.log(
        [
          `Seed benchmark: ${options.counts.agents === 0 ? 'no' : number(rows)} rows (${DEFAULT_BENCH_SCALE === values.scale || values.scale === undefined ? DEFAULT_BENCH_SCALE : values.scale} scale, seed ${options.seed}, ${options.workers} generator thread${options.workers === 1 ? '' : 's'}).`,
          `Server: ${server.description}, PostgreSQL ${version}.`,
          `Machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end.`,
          '',
          line('(a) seeder: generate + COPY', times.seeder),
          line('(b) raw COPY of the same rows', times.raw),
          line('(c) row-by-row INSERT', times.insert),
          '',
          `  seeder / raw COPY  ${verdict(vsRaw, TARGET_VS_RAW_COPY)}`,
          `  seeder / INSERT    ${verdict(vsInsert, TARGET_VS_ROW_INSERT)}`,
        ].join('\n'),
      );
      return vsRaw >= TARGET_VS_RAW_COPY && vsInsert >= TARGET_VS_ROW_INSERT ? 0 : 1;
    } finally {
      for (const db of scratch) await db.drop().catch(() => {});
      await template.drop().catch(() => {});
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
});

/** Runs `work` on one connection to `url` (a DatabaseClient: same pool settings as the seeder). */
async function withClient<T>(url: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = new DatabaseClient(url);
  await db.connect();
  try {
    return await db.withConnection(work);
  } finally {
    await db.close();
  }
}

async function timed(url: string, work: (client: pg.PoolClient) => Promise<void>): Promise<number> {
  return withClient(url, async (client) => {
    const started = performance.now();
    await work(client);
    return performance.now() - started;
  });
}

async function assertSame(url: string, expected: Record<string, string>, what: string) {
  const db = new DatabaseClient(url);
  await db.connect();
  try {
    const found = await tableChecksums(db);
    for (const table of SEED_TABLE_NAMES) {
      if (found[table] !== expected[table]) {
        throw new Error(
          `${what} loaded different ${table} rows than the seeder; the comparison is void.`,
        );
      }
    }
  } finally {
    await db.close();
  }
}
