import os from 'node:os';
import pg from 'pg';
import { UsageError } from '../src/errors.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { createTestDatabase } from '../src/testing/test-database.js';
import { startTestServer } from '../src/testing/test-server.js';
import {
  benchmarkUsefulnessCache,
  DEFAULT_BENCH_AGENTS,
  DEFAULT_BENCH_PROOFS,
  DEFAULT_BENCH_RUNS,
} from './usefulness-cache-benchmark.js';
import { runCommand } from '../src/cli/run-command.js';

function positiveInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new UsageError(`--${option} must be a positive integer, not "${String(value)}".`);
  }
  return parsed;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

await runCommand({
  name: 'pnpm bench:usefulness-cache',
  examples: [
    'pnpm bench:usefulness-cache',
    'pnpm bench:usefulness-cache --agents 10000 --proofs 100000 --runs 3',
  ],
  environment: ['AINP_DEBUG=1: print the stack with an error'],
  usage: 'pnpm bench:usefulness-cache [--agents <n>] [--proofs <n>] [--runs <n>]',
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
  async run({ values }) {
    const agents = positiveInteger(values.agents, 'agents', DEFAULT_BENCH_AGENTS);
    const proofs = positiveInteger(values.proofs, 'proofs', DEFAULT_BENCH_PROOFS);
    const runs = positiveInteger(values.runs, 'runs', DEFAULT_BENCH_RUNS);
    const cpus = os.cpus();
    const load = () => os.loadavg()[0]?.toFixed(1);
    console.log(
      `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${load()} (other work skews the timings)`,
    );
    const server = await startTestServer();
    try {
      const database = await createTestDatabase(server.adminUrl, { prefix: 'ainp_bench' });
      const client = new pg.Client({ connectionString: database.url });
      client.on('error', () => {}); // a lost connection fails the query in flight instead
      await client.connect();
      try {
        await runMigrations(client);
        const version = await client.query<{ server_version: string }>('SHOW server_version');
        console.log(
          `Server: ${server.description} (${version.rows[0]?.server_version}), fsync off`,
        );
        console.log(`Generating ${agents} agents and ${proofs} proofs...`);
        const result = await benchmarkUsefulnessCache(client, { agents, proofs, runs });
        console.log(
          `Generated in ${seconds(result.generateMs)}; ${result.proofsInWindow} proofs fall in the 30-day window.`,
        );
        result.allAgentsMs.forEach((ms, index) =>
          console.log(`refresh_usefulness_cache() run ${index + 1}: ${seconds(ms)}`),
        );
        const sorted = [...result.allAgentsMs].sort((a, b) => a - b);
        console.log(
          `All agents: ${result.agentsUpdated} updated; median ${seconds(sorted[Math.floor(sorted.length / 2)] ?? 0)}, best ${seconds(sorted[0] ?? 0)}.`,
        );
        console.log(`One agent: refresh_usefulness_cache(did) ${result.oneAgentMs.toFixed(1)} ms.`);
        console.log(`Load average at the end: ${load()}.`);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
  },
});
