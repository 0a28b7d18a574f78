import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { citusMissingReason, clusterSettings } from '../src/citus/local-cluster.js';
import { cliEnv, runCli } from './run-cli.js';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ainp-cluster-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));
/** Ports outside the CLI defaults and the test servers' range. */
const env = cliEnv({ AINP_CLUSTER_DATA_DIR: dataDir, AINP_CLUSTER_PORT: '15590' });
const citusInstalled = (await citusMissingReason(clusterSettings(env))) === undefined;

describe('pnpm db:cluster', () => {
  it('says how to get Citus, and exits 1, when the PostgreSQL it would use has none', async () => {
    const result = await runCli('db-cluster', ['start'], { ...env, AINP_CITUS_PG_BIN: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: There is no PostgreSQL server in .* Install Citus .*build-citus\.sh.*\n$/,
    );
  });

  it('refuses anything but start, stop or status (exit 2)', async () => {
    const result = await runCli('db-cluster', ['restart'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: expected one of start, stop, status, not "restart". Run `pnpm db:cluster --help` for usage.\n',
    );
  });

  it.skipIf(!citusInstalled)(
    'starts a coordinator and two workers, prints the coordinator URL, and stops them',
    async () => {
      const started = await runCli('db-cluster', ['start'], env);
      try {
        expect(started.stderr).toBe('');
        const url = /DATABASE_URL=(\S+)/.exec(started.stdout)?.[1];
        expect(url).toBe('postgres://postgres@127.0.0.1:15590/ainp');
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const workers = await client
          .query(
            'SELECT node_port::int AS nodeport FROM citus_get_active_worker_nodes() ORDER BY 1',
          )
          .finally(() => client.end());
        expect(workers.rows).toEqual([{ nodeport: 15591 }, { nodeport: 15592 }]);
        const status = await runCli('db-cluster', ['status'], env);
        expect(status.code).toBe(0);
        expect(status.stdout).toMatch(/coordinator +port 15590 +running/);
      } finally {
        const stopped = await runCli('db-cluster', ['stop'], env);
        expect(stopped.stdout).toContain('Stopped worker2, worker1, coordinator.');
      }
      const status = await runCli('db-cluster', ['status'], env);
      expect(status.code).toBe(3);
      expect(status.stdout).toMatch(/worker1 +port 15591 +stopped/);
    },
  );
});
