import { describe, expect, it } from 'vitest';
import { seedDatabase } from '../src/seed-database.js';
import { tableChecksums } from '../src/table-checksums.js';
import { freshDatabase, options } from './support.js';

// Small warm-up chunks, four full ones and a short last one (all made by the threads when there
// are any), with the other counts kept small.
const flags = {
  agents: '5200',
  usefulnessProofs: '4000',
  creditTransactions: '6000',
  negotiations: '2000',
};

describe('determinism', () => {
  it('gives byte-identical tables for the same seed: on the loading thread, in generator threads, and after --reset', async () => {
    const inline = await freshDatabase();
    const threaded = await freshDatabase();
    await seedDatabase(inline.db, options({ ...flags, seed: '42', workers: '0' }));
    await seedDatabase(threaded.db, options({ ...flags, seed: '42', workers: '2' }));
    const first = await tableChecksums(inline.db);
    expect(await tableChecksums(threaded.db)).toEqual(first);

    await seedDatabase(inline.db, options({ ...flags, seed: '42', reset: true }));
    expect(await tableChecksums(inline.db)).toEqual(first);
  });

  it('changes every table for another seed, and the dates for another reference date', async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    const c = await freshDatabase();
    await seedDatabase(a.db, options({ ...flags, seed: '42' }));
    await seedDatabase(b.db, options({ ...flags, seed: '43' }));
    await seedDatabase(c.db, options({ ...flags, seed: '42', refDate: '2026-06-01' }));
    const sumsA = await tableChecksums(a.db);
    const sumsB = await tableChecksums(b.db);
    const sumsC = await tableChecksums(c.db);
    for (const table of Object.keys(sumsA) as (keyof typeof sumsA)[]) {
      expect(sumsB[table], table).not.toBe(sumsA[table]);
      expect(sumsC[table], table).not.toBe(sumsA[table]);
    }
    const { rows } = await c.db.query('SELECT max(created_at) AS last FROM usefulness_proofs');
    const last = (rows[0]?.last as Date).getTime();
    expect(last).toBeLessThanOrEqual(Date.parse('2026-06-01T00:00:00Z'));
    expect(last).toBeGreaterThan(Date.parse('2026-05-01T00:00:00Z'));
  });
});
