import { defineCommand } from '@ainp/db/commands';
import { MAX_DEFAULT_WORKERS } from '../src/seed-options.js';
import {
  INSERT_BATCH_ROWS,
  TARGET_VS_RAW_COPY,
  TARGET_VS_BATCH_INSERT,
  TARGET_SCALING,
  DEFAULT_BENCH_SCALE,
  SCALING_BASE,
  DEFAULT_REPEAT,
  AUTOCOMMIT_SAMPLE_SHARE,
  AUTOCOMMIT_SAMPLE_MAX_AGENTS,
  TRANSACTION_SAMPLE_MAX_AGENTS,
} from './bench-settings.js';

export const benchSeedCommand = defineCommand({
  name: 'bench seed',
  shortForm: 'pnpm bench:seed',
  summary: 'Benchmark the seeder against raw COPY, batched INSERT and generation alone.',
  examples: ['pnpm bench:seed', 'pnpm bench:seed --scale small --repeat 1'],
  environment: [
    'DATABASE_URL: measure on this server (its role needs CREATEDB) instead of a throwaway one',
    'AINP_DEBUG=1: print the stack with an error',
  ],
  exitCodes: '0 every target met, 1 a target missed or a failure, 2 bad usage.',
  usage: '[--scale small|medium|load] [--seed <int>] [--repeat <n>] [--workers <n>]',
  help: `
Measures, on one server in one run, ways of loading the same rows into freshly migrated
databases, and prints rows/s for each, the seeder's ratios against its targets (exit code 1
when one is missed), the machine and this process's peak memory (RSS). On Linux it also prints
the CPU steal (the share of CPU time the hypervisor gave to other guests) over the whole run and
for each timed run: on a shared VM a run that lost much of the machine shows it, which the load
average does not.
The loaders:
  (a)  the seeder, end to end: generating, COPYing, refreshing the usefulness cache, building
       the indexes and checking the foreign keys;
  (b)  raw COPY of the rows (a) wrote, dumped to disk first in the seeder's binary COPY
       format, through the seeder's own bulk path (indexes, keys, foreign keys set aside): the
       limit for this schema, bound by the server. Target: (a)/(b) >= ${TARGET_VS_RAW_COPY};
  (c)  a batched multi-row INSERT loader, as drizzle-seed or Prisma's createMany load: ${INSERT_BATCH_ROWS}
       rows per statement, prepared parameters, one transaction, into the indexed tables.
       Target: (a)/(c) >= ${TARGET_VS_BATCH_INSERT};
  (d)  generation alone, no database: rows/s and CPU seconds (the seeder's threads);
for information only:
  (b') the same files COPYed plainly into the indexed tables;
  (b*) (b) again, beside a thread that keeps another core busy computing (no memory traffic):
       how much a busy core slows the server here. Where cores share execution units
       (hyperthreads of one core) it is large, and the seeder, which generates on another core
       during its COPY, pays part of it while (b) does not;
  (e)  row-by-row INSERTs, each its own transaction, on the rows of ${AUTOCOMMIT_SAMPLE_SHARE * 100}% of the agents
       (at most ${AUTOCOMMIT_SAMPLE_MAX_AGENTS}; a sample closed under foreign keys: a flush per row is slow);
  (e') the same INSERTs in one transaction with prepared statements (at most ${TRANSACTION_SAMPLE_MAX_AGENTS.toLocaleString('en-US')} agents).
(a), (b), (c), (b'), (b*) and (d) run --repeat times, interleaved, and the best run counts. (b), (b'),
(b*), (c) and an unsampled (e') must give tables byte-identical to (a)'s, or the run stops.
With --scale load, the seeder and (b) also run at ${SCALING_BASE} scale first (--repeat times each),
and the seeder's rows/s at load must be at least ${TARGET_SCALING} x its rows/s at ${SCALING_BASE} (cost grows
linearly). (b)'s own load/${SCALING_BASE} ratio is printed beside it, for information.

Server: DATABASE_URL's (its role needs CREATEDB) when set, otherwise a throwaway embedded
PostgreSQL with stock settings.

Options:
  --scale <preset>  Rows to load (default ${DEFAULT_BENCH_SCALE}).
  --seed <int>      Seed (default 1).
  --repeat <n>      Runs of (a), (b), (c), (b'), (b*) and (d) (default ${DEFAULT_REPEAT}).
  --workers <n>     The seeder's generator threads (default: cores - 1, 1 to ${MAX_DEFAULT_WORKERS}).
  -h, --help        Show this help.`,
  options: {
    scale: { type: 'string' },
    seed: { type: 'string' },
    repeat: { type: 'string' },
    workers: { type: 'string' },
  },
  async run({ values }, io) {
    // The benchmark's code (the seeder, pg, the loaders) loads only when it runs: --help stays fast.
    const { runSeedBench } = await import('./seed-bench-run.js');
    return runSeedBench(values, io);
  },
});
