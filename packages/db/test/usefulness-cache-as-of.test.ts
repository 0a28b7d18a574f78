import { describe, expect, it } from 'vitest';
import { refreshUsefulnessCacheAsOf } from '../src/usefulness/usefulness-cache.js';
import { expectSqlState, freshDatabase, insertAgent, insertProof, withClient } from './support.js';

const db = await freshDatabase('migrated');

/** The instant the tests refresh as of; proofs are dated around it. */
const AS_OF = '2025-06-15 12:00:00+00';

/** Inserts proofs for an agent: [score, timestamptz literal] pairs. */
async function proofs(did: string, scoresAndTimes: [number, string][]): Promise<void> {
  for (const [usefulness_score, created_at] of scoresAndTimes) {
    await insertProof(db.pool, did, { usefulness_score, created_at });
  }
}

async function cached(did: string): Promise<{ score: string; stamped: string | null }> {
  const { rows } = await db.pool.query(
    `SELECT usefulness_score_cached::text AS score,
            to_char(usefulness_last_updated AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS stamped
       FROM agents WHERE did = $1`,
    [did],
  );
  return rows[0];
}

describe('refresh_usefulness_cache_as_of', () => {
  it('sets every agent to the average of its proofs in the 30 days up to the instant, 0 without any', async () => {
    const recent = await insertAgent(db.pool);
    await proofs(recent, [
      [80, '2025-06-14 12:00:00+00'],
      [90, '2025-06-05 12:00:00+00'],
      [95, '2025-05-17 12:00:00+00'],
      [10, '2025-05-06 12:00:00+00'], // 40 days before: outside the window
      [0, '2025-06-16 12:00:00+00'], // a day after the instant: not counted
    ]);
    const onlyOld = await insertAgent(db.pool);
    await proofs(onlyOld, [
      [70, '2025-05-15 11:59:59+00'],
      [60, '2025-05-01 12:00:00+00'],
    ]);
    await db.pool.query('UPDATE agents SET usefulness_score_cached = 50 WHERE did = $1', [onlyOld]);
    const onlyFuture = await insertAgent(db.pool);
    await proofs(onlyFuture, [[100, '2025-06-15 12:00:00.000001+00']]);
    const edges = await insertAgent(db.pool);
    await proofs(edges, [
      [20, '2025-06-15 12:00:00+00'], // exactly the instant: counted
      [40, '2025-05-16 12:00:00+00'], // exactly 30 days before: counted
      [99, '2025-05-16 11:59:59.999999+00'], // a microsecond older: not counted
    ]);
    const none = await insertAgent(db.pool);

    const { rows } = await db.pool.query(
      'SELECT refresh_usefulness_cache_as_of($1) AS updated, (SELECT count(*)::int FROM agents) AS agents',
      [AS_OF],
    );
    expect(rows[0].updated).toBe(rows[0].agents);
    // (80 + 90 + 95) / 3 = 88.333… → 88.33; (20 + 40) / 2 = 30.
    expect((await cached(recent)).score).toBe('88.33');
    expect((await cached(onlyOld)).score).toBe('0.00');
    expect((await cached(onlyFuture)).score).toBe('0.00');
    expect((await cached(edges)).score).toBe('30.00');
    expect((await cached(none)).score).toBe('0.00');
    for (const did of [recent, onlyOld, onlyFuture, edges, none]) {
      expect((await cached(did)).stamped).toBe('2025-06-15 12:00:00.000000');
    }
  });

  it('refreshes one agent when given its DID, and leaves the others alone', async () => {
    const target = await insertAgent(db.pool);
    const bystander = await insertAgent(db.pool);
    await proofs(target, [
      [40, '2025-06-10 00:00:00+00'],
      [50, '2025-06-01 00:00:00+00'],
      [75, '2025-05-20 00:00:00+00'],
      [100, '2025-06-20 00:00:00+00'], // after the instant
    ]);
    await proofs(bystander, [[99, '2025-06-14 00:00:00+00']]);
    const before = await cached(bystander);
    expect(
      await refreshUsefulnessCacheAsOf(db.pool, new Date('2025-06-15T12:00:00Z'), target),
    ).toBe(1);
    expect(await cached(target)).toEqual({ score: '55.00', stamped: '2025-06-15 12:00:00.000000' });
    expect(await cached(bystander)).toEqual(before);

    // Later, the proof dated 2025-06-20 is in the window: (40 + 50 + 100) / 3 = 63.33.
    expect(await refreshUsefulnessCacheAsOf(db.pool, '2025-06-25 00:00:00.000007+00', target)).toBe(
      1,
    );
    expect(await cached(target)).toEqual({ score: '63.33', stamped: '2025-06-25 00:00:00.000007' });
    expect(await refreshUsefulnessCacheAsOf(db.pool, AS_OF, 'did:key:zNoSuchAgent')).toBe(0);
  });

  it('refuses a NULL instant and changes nothing', async () => {
    const did = await insertAgent(db.pool);
    await proofs(did, [[60, '2025-06-14 00:00:00+00']]);
    await db.pool.query('SELECT refresh_usefulness_cache_as_of($1, $2)', [AS_OF, did]);
    await expectSqlState(db.pool.query('SELECT refresh_usefulness_cache_as_of(NULL)'), '22004');
    await expectSqlState(
      db.pool.query('SELECT refresh_usefulness_cache_as_of(NULL, $1)', [did]),
      '22004',
    );
    expect(await cached(did)).toEqual({ score: '60.00', stamped: '2025-06-15 12:00:00.000000' });
  });
});

describe('refresh_usefulness_cache after 014', () => {
  it('is the as-of refresh at now(): the same rows, and a proof dated in the future is not counted', async () => {
    const did = await insertAgent(db.pool);
    await withClient(db.url, async (client) => {
      await client.query('BEGIN');
      // One transaction: now() is the same for the inserts and both refreshes.
      await client.query(
        `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score, created_at)
         VALUES (gen_random_uuid(), $1, 'routing', 30, now() - interval '2 days'),
                (gen_random_uuid(), $1, 'routing', 50, now()),
                (gen_random_uuid(), $1, 'routing', 100, now() + interval '1 hour')`,
        [did],
      );
      const all = `SELECT did, usefulness_score_cached::text, usefulness_last_updated = now() AS now
                     FROM agents ORDER BY did`;
      const viaNow = await client.query('SELECT refresh_usefulness_cache() AS n');
      const afterNow = (await client.query(all)).rows;
      await client.query(
        'UPDATE agents SET usefulness_score_cached = 1, usefulness_last_updated = NULL',
      );
      const viaAsOf = await client.query('SELECT refresh_usefulness_cache_as_of(now()) AS n');
      expect(viaAsOf.rows[0].n).toBe(viaNow.rows[0].n);
      expect((await client.query(all)).rows).toEqual(afterNow);
      expect(afterNow.find((r) => r.did === did)).toEqual({
        did,
        usefulness_score_cached: '40.00', // (30 + 50) / 2; the 100 an hour ahead is left out
        now: true,
      });
      expect(afterNow.every((r) => r.now === true)).toBe(true);
      await client.query('ROLLBACK');
    });
  });
});
