import { describe, expect, it } from 'vitest';
import { refreshUsefulnessCacheAsOf } from '../src/refresh-usefulness-cache-as-of.js';
import { seedDatabase } from '../src/seed-database.js';
import { freshDatabase, options } from './support.js';

describe('the usefulness cache refresh', () => {
  it('is refresh_usefulness_cache() (migration 013) evaluated at a chosen instant', async () => {
    const { db } = await freshDatabase();
    // Dated up to today, so the 30 days before now() hold proofs and the averages are not all 0.
    await seedDatabase(db, options({ agents: '500', refDate: 'today' }));
    const cache = `SELECT did, usefulness_score_cached, usefulness_last_updated FROM agents ORDER BY did`;
    await db
      .transaction(async (tx) => {
        const { rows } = await tx.query<{ now: string }>('SELECT now()::text AS now');
        // Move every value first, so each refresh has to write all of them.
        await tx.query(
          'UPDATE agents SET usefulness_score_cached = 99, usefulness_last_updated = NULL',
        );
        expect(await refreshUsefulnessCacheAsOf(tx, rows[0]!.now)).toBe(500);
        const ours = (await tx.query(cache)).rows;
        await tx.query(
          'UPDATE agents SET usefulness_score_cached = 99, usefulness_last_updated = NULL',
        );
        const theirs = await tx.query<{ n: number }>('SELECT refresh_usefulness_cache() AS n');
        expect(theirs.rows[0]?.n).toBe(500);
        expect((await tx.query(cache)).rows).toEqual(ours);
        expect(ours.filter((r) => r.usefulness_score_cached > 0).length).toBeGreaterThan(100);
        expect(ours.filter((r) => r.usefulness_score_cached === 0).length).toBeGreaterThan(0);
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
  });
});

class Rollback extends Error {}
