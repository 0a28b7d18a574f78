import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX_QUERY_PATTERNS } from '../src/index-query-patterns.js';
import { SEED_SIZE, seedIndexUseData } from '../src/index-use-seed.js';
import { rowCounts } from '../src/invalid-write-runner.js';
import { describePlan, explain, indexesInPlan } from '../src/query-plan.js';
import { medianQueryTime } from '../src/query-timing.js';
import { freshDatabase, withClient } from './support.js';

/** Runs per query for the reported median time (not asserted: timings belong to `pnpm bench:*`). */
const TIMED_RUNS = 5;

describe('index use', async () => {
  const db = await freshDatabase('migrated');
  beforeAll(() => withClient(db.url, seedIndexUseData));

  it('the seeded database holds 50k agents, 200k proofs, 100k negotiations and 100k credit transactions', async () => {
    const counts = await rowCounts(db.pool, Object.keys(SEED_SIZE));
    for (const [table, size] of Object.entries(SEED_SIZE)) {
      expect(counts[table], table).toBeGreaterThanOrEqual(size);
    }
  });

  for (const { name, query, indexes } of INDEX_QUERY_PATTERNS) {
    it(`${name} uses ${indexes.join(' and ')}`, async ({ annotate }) => {
      const { text, values } = await query(db.pool);
      const plan = await explain(db.pool, text, values);
      expect(indexesInPlan(plan), describePlan(plan)).toEqual(expect.arrayContaining([...indexes]));
      const ms = await medianQueryTime(db.pool, text, TIMED_RUNS, values);
      await annotate(
        `${ms.toFixed(2)} ms (median of ${TIMED_RUNS} runs); plan: ${describePlan(plan)}`,
      );
    });
  }
});
