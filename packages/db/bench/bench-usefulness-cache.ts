import os from 'node:os';
import { UsageError } from '@ainp/db/errors';
import {
  benchmarkUsefulnessCache,
  DEFAULT_BENCH_AGENTS,
  DEFAULT_BENCH_PROOFS,
  DEFAULT_BENCH_RUNS,
} from './usefulness-cache-benchmark.js';
import { defineCommand, writeLine } from '@ainp/db/commands';
import { machineLine } from './machine.js';

function positiveInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new UsageError(`--${option} must be a positive integer, not "${String(value)}".`);
  }
  return parsed;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export const benchCacheCommand = defineCommand({
  name: 'bench cache',
  shortForm: 'pnpm bench:usefulness-cache',
  summary: 'Benchmark the usefulness cache refresh against a full recomputation.',
  examples: [
    'pnpm bench:usefulness-cache',
    'pnpm bench:usefulness-cache --agents 10000 --proofs 100000 --runs 3',
  ],
  environment: ['AINP_DEBUG=1: print the stack with an error'],
  usage: '[--agents <n>] [--proofs <n>] [--runs <n>]',
  help: `
Measures refresh_usefulness_cache() (migration 013) at scale. Starts a throwaway embedded
PostgreSQL in a temporary folder (nothing in .ainp-data/ or DATABASE_URL is touched), migrates it,
generates the agents and proofs with set-based SQL (proofs spread over 60 days, on 90% of the
agents), then times the all-agents refresh --runs times (each after a VACUUM of agents, as
autovacuum would run between periodic refreshes) and one single-agent refresh.
The server runs with fsync off, as the test servers do. Timings depend on the machine and on
whatever else it is running.

Options:
  --agents <n>  Agents to generate (default ${DEFAULT_BENCH_AGENTS}).
  --proofs <n>  Usefulness proofs to generate (default ${DEFAULT_BENCH_PROOFS}).
  --runs <n>    All-agents refreshes to time (default ${DEFAULT_BENCH_RUNS}).
  -h, --help    Show this help.`,
  options: {
    agents: { type: 'string' },
    proofs: { type: 'string' },
    runs: { type: 'string' },
  },
  async run({ values }, io) {
    const { default: pg } = await import('pg');
    const { runMigrations } = await import('@ainp/db');
    const { createTestDatabase } = await import('@ainp/db/testing');
    const { startTestServer } = await import('@ainp/db/testing');
    const agents = positiveInteger(values.agents, 'agents', DEFAULT_BENCH_AGENTS);
    const proofs = positiveInteger(values.proofs, 'proofs', DEFAULT_BENCH_PROOFS);
    const runs = positiveInteger(values.runs, 'runs', DEFAULT_BENCH_RUNS);
    const load = () => os.loadavg()[0]?.toFixed(1);
    writeLine(io.stdout, `${machineLine()} (other work skews the timings)`);
    const server = await startTestServer();
    try {
      const database = await createTestDatabase(server.adminUrl, { prefix: 'ainp_bench' });
      const client = new pg.Client({ connectionString: database.url });
      client.on('error', () => {}); // a lost connection fails the query in flight instead
      await client.connect();
      try {
        await runMigrations(client);
        const version = await client.query<{ server_version: string }>('SHOW server_version');
        writeLine(
          io.stdout,
          `Server: ${server.description} (${version.rows[0]?.server_version}), fsync off`,
        );
        writeLine(io.stdout, `Generating ${agents} agents and ${proofs} proofs...`);
        const result = await benchmarkUsefulnessCache(client, { agents, proofs, runs });
        writeLine(
          io.stdout,
          `Generated in ${seconds(result.generateMs)}; ${result.proofsInWindow} proofs fall in the 30-day window.`,
        );
        result.allAgentsMs.forEach((ms, index) =>
          writeLine(io.stdout, `refresh_usefulness_cache() run ${index + 1}: ${seconds(ms)}`),
        );
        const sorted = [...result.allAgentsMs].sort((a, b) => a - b);
        writeLine(
          io.stdout,
          `All agents: ${result.agentsUpdated} updated; median ${seconds(sorted[Math.floor(sorted.length / 2)] ?? 0)}, best ${seconds(sorted[0] ?? 0)}.`,
        );
        writeLine(
          io.stdout,
          `One agent: refresh_usefulness_cache(did) ${result.oneAgentMs.toFixed(1)} ms.`,
        );
        writeLine(io.stdout, `Load average at the end: ${load()}.`);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
  },
});
