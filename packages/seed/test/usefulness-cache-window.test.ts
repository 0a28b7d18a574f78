import { DatabaseClient } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { seedDatabase } from '../src/seed-database.js';
import { checkSeedInvariants } from '../src/seed-invariants.js';
import { usefulnessCacheSinceMs } from '../src/usefulness-cache-value.js';
import { freshDatabase, options } from './support.js';

const CACHE_RULE = /each agent's cache is the 30-day average/;

/** Seeds the small preset as of `refDate` into a fresh database whose sessions use `timeZone`. */
async function seedIn(timeZone: string, refDate: string) {
  const { db: admin, name, url } = await freshDatabase();
  await admin.query(`ALTER DATABASE ${name} SET timezone = '${timeZone}'`);
  const db = new DatabaseClient(url);
  await db.connect();
  try {
    const seeded = options({ refDate });
    let refreshes = 0;
    await seedDatabase(db, seeded, { refreshing: () => void (refreshes += 1) });
    const invariants = await checkSeedInvariants(db, seeded.refDate);
    const cacheRule = Object.keys(invariants).find((rule) => CACHE_RULE.test(rule))!;
    const { rows } = await db.query<{ window_start: Date }>(
      `SELECT $1::timestamptz - interval '30 days' AS window_start`,
      [seeded.refDate],
    );
    const since = usefulnessCacheSinceMs(seeded.refDate.getTime());
    const gap = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM usefulness_proofs WHERE created_at >= $1 AND created_at < $2',
      [new Date(since), rows[0]!.window_start],
    );
    return { refreshes, offenders: invariants[cacheRule], proofsInGap: Number(gap.rows[0]!.n) };
  } finally {
    await db.close();
  }
}

describe('the usefulness cache of a load into empty tables', () => {
  it('comes with the rows, without the refresh, when the server counts 30 days as 30 x 24 hours', async () => {
    const run = await seedIn('UTC', '2026-04-15');
    expect(run).toEqual({ refreshes: 0, offenders: 0, proofsInGap: 0 });
  });

  it('is refreshed by SQL after all when the window crosses a daylight-saving change there', async () => {
    // 30 days before 2026-04-15 in Berlin crosses 29 March: SQL's window starts at 01:00 UTC on
    // 16 March, the generator's at 00:00, and proofs fall in that hour, so only SQL is right.
    const run = await seedIn('Europe/Berlin', '2026-04-15');
    expect(run.proofsInGap).toBeGreaterThan(0);
    expect(run.offenders).toBe(0);
    expect(run.refreshes).toBe(1);
  });
});
