import { describe, expect, it } from 'vitest';
import { seedDatabase } from '../src/seed-database.js';
import { freshDatabase, options } from './support.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Each agent's 30-day average as of `asOf`, worked out here from the proof rows: scores in
 * hundredths, summed as integers, rounded half up to 2 decimals as numeric's round() does for
 * non-negative values; 0 without a proof in [asOf - 30 days, asOf].
 */
function averagesAsOf(
  agents: readonly string[],
  proofs: readonly { agent_did: string; usefulness_score: number; created_at: Date }[],
  asOf: Date,
): Map<string, number> {
  const since = asOf.getTime() - 30 * DAY_MS;
  const sums = new Map<string, { hundredths: number; count: number }>();
  for (const proof of proofs) {
    const at = proof.created_at.getTime();
    if (at < since || at > asOf.getTime()) continue;
    const sum = sums.get(proof.agent_did) ?? { hundredths: 0, count: 0 };
    sum.hundredths += Math.round(proof.usefulness_score * 100);
    sum.count += 1;
    sums.set(proof.agent_did, sum);
  }
  return new Map(
    agents.map((did) => {
      const sum = sums.get(did);
      if (sum === undefined) return [did, 0];
      return [did, Math.floor((2 * sum.hundredths + sum.count) / (2 * sum.count)) / 100];
    }),
  );
}

describe('the usefulness cache the seed leaves', () => {
  it('is the 30-day average as of the reference date, worked out by hand, stamped with that date', async () => {
    const { db } = await freshDatabase();
    const seeded = options({ agents: '500' });
    await seedDatabase(db, seeded);
    const agents = await db.query<{
      did: string;
      usefulness_score_cached: number;
      usefulness_last_updated: Date | null;
    }>('SELECT did, usefulness_score_cached, usefulness_last_updated FROM agents ORDER BY did');
    const proofs = await db.query<{
      agent_did: string;
      usefulness_score: number;
      created_at: Date;
    }>('SELECT agent_did, usefulness_score, created_at FROM usefulness_proofs');
    // Proofs on both sides of the window's start, so the window really cuts.
    const since = seeded.refDate.getTime() - 30 * DAY_MS;
    expect(proofs.rows.some((p) => p.created_at.getTime() < since)).toBe(true);
    expect(proofs.rows.some((p) => p.created_at.getTime() >= since)).toBe(true);

    const expected = averagesAsOf(
      agents.rows.map((a) => a.did),
      proofs.rows,
      seeded.refDate,
    );
    expect(new Map(agents.rows.map((a) => [a.did, a.usefulness_score_cached]))).toEqual(expected);
    expect(
      agents.rows.every((a) => a.usefulness_last_updated?.getTime() === seeded.refDate.getTime()),
    ).toBe(true);
    expect(agents.rows.filter((a) => a.usefulness_score_cached > 0).length).toBeGreaterThan(100);
    expect(agents.rows.filter((a) => a.usefulness_score_cached === 0).length).toBeGreaterThan(0);
  });
});
