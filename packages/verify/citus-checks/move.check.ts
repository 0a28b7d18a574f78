import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  clusterNodes,
  clusterNodeUrl,
  createClusterDatabase,
  DatabaseClient,
  runMigrations,
} from '@ainp/db';
import { resolveSeedOptions, seedDatabase } from '@ainp/seed';
import { describe, expect, inject, it } from 'vitest';
import { CITUS_MOVE_DATABASE } from '../src/citus-target.js';
import { DISTRIBUTED_TABLES, ledgerEquationViolations, rowCounts, withClient } from './support.js';

const SOURCE_DATABASE = 'ainp_verify_citus_single_node';

/** `pg_dump --data-only` of the seeded tables from `source`, piped into psql on `target`. */
function dumpInto(pgBin: string, source: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const dump = spawn(
      path.join(pgBin, 'pg_dump'),
      ['--data-only', '--no-owner', ...DISTRIBUTED_TABLES.flatMap((t) => ['--table', t]), source],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const load = spawn(path.join(pgBin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', target], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let errors = '';
    dump.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    load.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    dump.stdout.pipe(load.stdin);
    let pending = 2;
    const done = (code: number | null) => {
      if (code !== 0) reject(new Error(`pg_dump | psql failed: ${errors.trim()}`));
      else if (--pending === 0) resolve();
    };
    dump.on('close', done);
    load.on('close', done);
  });
}

describe('citus: moving a single-node database onto the cluster', () => {
  const cluster = inject('cluster');
  it.runIf(cluster !== null)(
    'a seeded single-node database, dumped and loaded into a freshly migrated cluster database, keeps its row counts and ledger equations',
    async ({ annotate }) => {
      const settings = cluster!;
      const coordinator = clusterNodes(settings)[0]!;
      // The single node: a plain database (no citus extension) on the coordinator's server.
      const sourceUrl = clusterNodeUrl(coordinator, SOURCE_DATABASE);
      await withClient(clusterNodeUrl(coordinator, 'postgres'), async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${SOURCE_DATABASE} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${SOURCE_DATABASE}`);
      });
      try {
        const db = new DatabaseClient({ connectionString: sourceUrl });
        await db.connect();
        try {
          await seedDatabase(db, resolveSeedOptions({ scale: 'small', workers: '0' }));
        } finally {
          await db.close();
        }
        const before = await withClient(sourceUrl, rowCounts);

        // The documented steps: a fresh cluster database, migrated (distributed), then the data.
        const started = performance.now();
        await createClusterDatabase(settings, CITUS_MOVE_DATABASE);
        const targetUrl = clusterNodeUrl(coordinator, CITUS_MOVE_DATABASE);
        await withClient(targetUrl, (client) => runMigrations(client));
        await dumpInto(settings.pgBin, sourceUrl, targetUrl);
        const seconds = (performance.now() - started) / 1000;

        await withClient(targetUrl, async (client) => {
          expect(await rowCounts(client)).toEqual(before);
          expect(await ledgerEquationViolations(client)).toEqual({
            balance: 0,
            reserved: 0,
            earned: 0,
            spent: 0,
          });
          const distributed = await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_dist_partition',
          );
          expect(distributed.rows[0]?.n).toBe(DISTRIBUTED_TABLES.length);
        });
        const total = Object.values(before).reduce((a, b) => a + b, 0);
        await annotate(`${total} rows (small preset) moved in ${seconds.toFixed(1)} s`);
      } finally {
        await withClient(clusterNodeUrl(coordinator, 'postgres'), (client) =>
          client.query(`DROP DATABASE IF EXISTS ${SOURCE_DATABASE} WITH (FORCE)`),
        );
      }
    },
  );
});
