import type { Queryable, UsefulnessProofRow } from '@ainp/db';
import type { Seeded } from './seed-tables.js';
import { MS_PER_DAY, USEFULNESS_CACHE_WINDOW_DAYS } from './time-windows.js';

/** Where the cache's window starts, as the generator counts it (whole days of 24 hours). */
export function usefulnessCacheSinceMs(refDateMs: number): number {
  return refDateMs - USEFULNESS_CACHE_WINDOW_DAYS * MS_PER_DAY;
}

/**
 * An agent's usefulness_score_cached as refresh_usefulness_cache_as_of(refDate) computes it: the
 * average usefulness_score of its proofs created in [refDate - 30 days, refDate], 0 without any,
 * rounded half away from zero to the column's 2 decimals. Scores have 2 decimals, so this adds
 * whole hundredths and divides once: exact, like numeric. A load into empty tables writes this
 * value instead of running the refresh (see seed-database.ts).
 */
export function cachedUsefulness(
  proofs: readonly Pick<Seeded<UsefulnessProofRow>, 'usefulness_score' | 'created_at'>[],
  refDateMs: number,
): number {
  const since = usefulnessCacheSinceMs(refDateMs);
  let hundredths = 0;
  let count = 0;
  for (const proof of proofs) {
    const at = proof.created_at.getTime();
    if (at < since || at > refDateMs) continue;
    hundredths += Math.round(proof.usefulness_score * 100);
    count += 1;
  }
  if (count === 0) return 0;
  return Math.floor((2 * hundredths + count) / (2 * count)) / 100;
}

/**
 * Whether the server's window start (refDate - interval '30 days', which follows the session's
 * time zone across a daylight-saving change) is the generator's. When it is not, the load runs
 * the SQL refresh after all.
 */
export async function serverAgreesOnCacheWindow(q: Queryable, refDate: Date): Promise<boolean> {
  const { rows } = await q.query<{ same: boolean }>(
    `SELECT $1::timestamptz - interval '${USEFULNESS_CACHE_WINDOW_DAYS} days' = $2::timestamptz AS same`,
    [refDate, new Date(usefulnessCacheSinceMs(refDate.getTime()))],
  );
  return rows[0]?.same === true;
}
