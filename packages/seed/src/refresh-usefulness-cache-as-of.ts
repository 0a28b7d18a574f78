import type { Queryable } from '@ainp/db';
import { USEFULNESS_CACHE_WINDOW_DAYS } from './time-windows.js';

/**
 * refresh_usefulness_cache() (migration 013) evaluated at `asOf` instead of now(): every agent's
 * usefulness_score_cached becomes the average score of its proofs created in the 30 days up to
 * `asOf` (0 without any) and usefulness_last_updated becomes `asOf`. The seed needs the cache as of
 * its reference date, and a date it chose, so that the same seed gives the same bytes on any day;
 * the database function has no such parameter. Same SQL shape as the function (one aggregate, one
 * UPDATE); a test runs both at the same instant and compares every agent. `asOf` is a Date or a
 * timestamptz literal (microseconds kept). Returns the agents updated.
 */
export async function refreshUsefulnessCacheAsOf(
  q: Queryable,
  asOf: Date | string,
): Promise<number> {
  const result = await q.query(
    `UPDATE agents a
        SET usefulness_score_cached = coalesce(recent.score, 0),
            usefulness_last_updated = $1::timestamptz
       FROM agents ag
       LEFT JOIN (
         SELECT agent_did, avg(usefulness_score) AS score
           FROM usefulness_proofs
          WHERE created_at >= $1::timestamptz - make_interval(days => $2) AND created_at <= $1
          GROUP BY agent_did
       ) recent ON recent.agent_did = ag.did
      WHERE a.id = ag.id`,
    [asOf, USEFULNESS_CACHE_WINDOW_DAYS],
  );
  return result.rowCount ?? 0;
}
