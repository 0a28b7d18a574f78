import { describe, expect, it } from 'vitest';
import { BENCH_DID_PREFIX, benchmarkUsefulnessCache } from '../bench/usefulness-cache-benchmark.js';
import { refreshUsefulnessCache } from '../src/usefulness/usefulness-cache.js';
import { cliEnv, runCli } from './run-cli.js';
import { freshDatabase, insertAgent } from './support.js';

const db = await freshDatabase('migrated');

/** Inserts proofs for an agent: [score, age in days] pairs. */
async function proofs(did: string, scoresAndAges: [number, number][]): Promise<void> {
  for (const [score, days] of scoresAndAges) {
    await db.pool.query(
      `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score, created_at)
       VALUES (gen_random_uuid(), $1, 'validation', $2, now() - make_interval(days => $3))`,
      [did, score, days],
    );
  }
}

async function cached(did: string): Promise<{ score: string; stamped: Date | null }> {
  const { rows } = await db.pool.query(
    'SELECT usefulness_score_cached::text AS score, usefulness_last_updated AS stamped FROM agents WHERE did = $1',
    [did],
  );
  return rows[0];
}

describe('refresh_usefulness_cache', () => {
  it('sets every agent to the average of its last 30 days of proofs, 0 without any', async () => {
    const recent = await insertAgent(db.pool);
    await proofs(recent, [
      [80, 1],
      [90, 10],
      [95, 29],
      [10, 40], // outside the window
    ]);
    const onlyOld = await insertAgent(db.pool);
    await proofs(onlyOld, [
      [70, 31],
      [60, 45],
    ]);
    // A stale cached value that the refresh must bring down to 0.
    await db.pool.query('UPDATE agents SET usefulness_score_cached = 50 WHERE did = $1', [onlyOld]);
    const none = await insertAgent(db.pool);
    const rounding = await insertAgent(db.pool);
    await proofs(rounding, [
      [10.0, 2],
      [10.01, 3],
    ]);

    const { rows } = await db.pool.query(
      'SELECT refresh_usefulness_cache() AS updated, now() AS at',
    );
    expect(rows[0].updated).toBe(4);
    // (80 + 90 + 95) / 3 = 88.333… → 88.33; (10.00 + 10.01) / 2 = 10.005 → 10.01 (half away from 0).
    expect((await cached(recent)).score).toBe('88.33');
    expect((await cached(onlyOld)).score).toBe('0.00');
    expect((await cached(none)).score).toBe('0.00');
    expect((await cached(rounding)).score).toBe('10.01');
    for (const did of [recent, onlyOld, none, rounding]) {
      expect((await cached(did)).stamped).toEqual(rows[0].at);
    }
  });

  it('refreshes one agent when given its DID, and leaves the others alone', async () => {
    const target = await insertAgent(db.pool);
    const bystander = await insertAgent(db.pool);
    await proofs(target, [
      [40, 5],
      [50, 6],
      [75, 7],
    ]);
    await proofs(bystander, [[99, 1]]);
    const before = await cached(bystander);
    expect(await refreshUsefulnessCache(db.pool, target)).toBe(1);
    expect((await cached(target)).score).toBe('55.00');
    expect((await cached(target)).stamped).toBeInstanceOf(Date);
    expect(await cached(bystander)).toEqual(before);

    await proofs(target, [[100, 0]]);
    const { rows } = await db.pool.query('SELECT refresh_usefulness_cache($1) AS n', [target]);
    expect(rows[0].n).toBe(1);
    expect((await cached(target)).score).toBe('66.25'); // (40 + 50 + 75 + 100) / 4
    expect(await refreshUsefulnessCache(db.pool, 'did:key:zNoSuchAgent')).toBe(0);
  });

  it('counts a proof exactly 30 days old, and drops one a moment older', async () => {
    const did = await insertAgent(db.pool);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      // One transaction: now() is the same for the inserts and for the refresh.
      await client.query(
        `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score, created_at)
         VALUES (gen_random_uuid(), $1, 'learning', 20, now() - interval '30 days'),
                (gen_random_uuid(), $1, 'learning', 90, now() - interval '30 days 1 microsecond')`,
        [did],
      );
      await client.query('SELECT refresh_usefulness_cache($1)', [did]);
      const { rows } = await client.query(
        'SELECT usefulness_score_cached::text AS score FROM agents WHERE did = $1',
        [did],
      );
      expect(rows[0].score).toBe('20.00');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

describe('the usefulness cache benchmark', () => {
  it('generates the data set-based and its refresh matches an independent computation', async () => {
    const bench = await freshDatabase('migrated');
    const result = await benchmarkUsefulnessCache(bench.pool, {
      agents: 300,
      proofs: 3000,
      runs: 2,
    });
    expect(result).toMatchObject({ agents: 300, proofs: 3000, agentsUpdated: 300 });
    expect(result.allAgentsMs).toHaveLength(2);
    expect(result.proofsInWindow).toBeGreaterThan(1000);
    expect(result.proofsInWindow).toBeLessThan(2000);
    const { rows } = await bench.pool.query(`
      SELECT count(*)::int AS agents,
             count(*) FILTER (WHERE a.usefulness_score_cached = 0)::int AS zero,
             count(*) FILTER (WHERE a.usefulness_score_cached IS DISTINCT FROM coalesce(round((
               SELECT avg(p.usefulness_score) FROM usefulness_proofs p
                WHERE p.agent_did = a.did AND p.created_at >= a.usefulness_last_updated - interval '30 days'
             ), 2), 0))::int AS mismatched
        FROM agents a WHERE a.did LIKE '${BENCH_DID_PREFIX}%'`);
    expect(rows[0].agents).toBe(300);
    expect(rows[0].mismatched).toBe(0);
    // 10% of the agents get no proofs at all, so at least those sit at 0.
    expect(rows[0].zero).toBeGreaterThanOrEqual(30);
  });
});

describe('pnpm bench:usefulness-cache', () => {
  it('generates, refreshes and reports on its own throwaway server', async () => {
    const result = await runCli(
      'bench-usefulness-cache',
      ['--agents', '40', '--proofs', '400', '--runs', '2'],
      cliEnv(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Machine: \d+ x .*load average/m);
    expect(result.stdout).toMatch(/^refresh_usefulness_cache\(\) run 2: [\d.]+ s$/m);
    expect(result.stdout).toMatch(/^All agents: 40 updated; median [\d.]+ s, best [\d.]+ s\.$/m);
  });

  it('refuses a bad count in one line, exit code 2', async () => {
    const result = await runCli('bench-usefulness-cache', ['--proofs', 'many'], cliEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --proofs must be a positive integer, not "many".\n');
  });
});
