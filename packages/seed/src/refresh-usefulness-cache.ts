import type { Queryable } from '@ainp/db';
import { USEFULNESS_CACHE_WINDOW_DAYS } from './time-windows.js';

/**
 * Sets every agent's usefulness_score_cached to the average score of its proofs in the 30 days up
 * to `asOf` (0 without any), and usefulness_last_updated to `asOf`: one set-based UPDATE, in SQL,
 * so the cache is what the database computes from the loaded proofs. Returns the agents updated.
 */
export async function refreshUsefulnessCache(q: Queryable, asOf: Date): Promise<number> {
  const result = await q.query(
    `UPDATE agents
        SET usefulness_score_cached = coalesce(recent.average, 0),
            usefulness_last_updated = $1
       FROM (SELECT a.did, avg(p.usefulness_score) AS average
               FROM agents AS a
               LEFT JOIN usefulness_proofs AS p
                 ON p.agent_did = a.did
                AND p.created_at > $1::timestamptz - make_interval(days => $2)
                AND p.created_at <= $1
              GROUP BY a.did) AS recent
      WHERE agents.did = recent.did`,
    [asOf, USEFULNESS_CACHE_WINDOW_DAYS],
  );
  return result.rowCount ?? 0;
}
