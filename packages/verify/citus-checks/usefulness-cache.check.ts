import { describe, expect, it } from 'vitest';
import { agentDid, citusUrl, withClient } from './support.js';

const AS_OF = '2026-01-31 00:00:00+00';

describe('citus: usefulness cache refresh', () => {
  it('refreshes one agent (single shard) and all agents (every shard, one colocated join)', async ({
    annotate,
  }) => {
    await withClient(citusUrl(), async (client) => {
      const [a, b] = [agentDid('Cache', 1), agentDid('Cache', 2)];
      await client.query(`INSERT INTO agents (did, public_key) VALUES ($1, 'k'), ($2, 'k')`, [
        a,
        b,
      ]);
      await client.query(
        `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score, created_at)
         VALUES (gen_random_uuid(), $1, 'compute', 60, '2026-01-20'), (gen_random_uuid(), $1, 'memory', 80, '2026-01-25'),
                (gen_random_uuid(), $1, 'memory', 10, '2025-11-01'), (gen_random_uuid(), $2, 'routing', 30, '2026-01-30')`,
        [a, b],
      );
      const one = await client.query<{ n: number }>(
        `SELECT refresh_usefulness_cache_as_of($1, $2) AS n`,
        [AS_OF, a],
      );
      expect(one.rows[0]?.n).toBe(1);
      const cached = async () =>
        (
          await client.query<{ did: string; score: string }>(
            `SELECT did, usefulness_score_cached::text AS score FROM agents WHERE did IN ($1, $2) ORDER BY did`,
            [a, b],
          )
        ).rows;
      expect(await cached()).toEqual([
        { did: a, score: '70.00' },
        { did: b, score: '0.00' },
      ]);
      const started = performance.now();
      const all = await client.query<{ n: number }>(
        `SELECT refresh_usefulness_cache_as_of($1) AS n`,
        [AS_OF],
      );
      const ms = performance.now() - started;
      const agents = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM agents');
      expect(all.rows[0]?.n).toBe(agents.rows[0]?.n);
      expect(await cached()).toEqual([
        { did: a, score: '70.00' },
        { did: b, score: '30.00' },
      ]);
      await annotate(`all ${all.rows[0]?.n} agents refreshed in ${ms.toFixed(0)} ms`);
    });
  });
});
