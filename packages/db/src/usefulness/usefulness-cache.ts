import type { Queryable } from '../connection/queryable.js';

/**
 * Recomputes `agents.usefulness_score_cached` as the average score of each agent's usefulness
 * proofs over the last 30 days (0 without any), and stamps `usefulness_last_updated`, by calling
 * the database function `refresh_usefulness_cache` (migration 013; since 014 it calls
 * `refresh_usefulness_cache_as_of` with now()). Without `agentDid` it refreshes every agent. Returns how many agents it updated.
 */
export async function refreshUsefulnessCache(
  client: Queryable,
  agentDid?: string,
): Promise<number> {
  const { rows } = await client.query<{ updated: number }>(
    'SELECT refresh_usefulness_cache($1) AS updated',
    [agentDid ?? null],
  );
  return rows[0]?.updated ?? 0;
}

/**
 * The same refresh evaluated at `asOf` instead of now(), through the database function
 * `refresh_usefulness_cache_as_of` (migration 014): the window is the proofs created in the 30 days
 * up to `asOf` (later ones are left out), and `usefulness_last_updated` becomes `asOf`. For data that
 * must come out the same on any day, such as the seed at its reference date. `asOf` is a Date or a
 * timestamptz literal (microseconds kept). Returns how many agents it updated.
 */
export async function refreshUsefulnessCacheAsOf(
  client: Queryable,
  asOf: Date | string,
  agentDid?: string,
): Promise<number> {
  const { rows } = await client.query<{ updated: number }>(
    'SELECT refresh_usefulness_cache_as_of($1, $2) AS updated',
    [asOf, agentDid ?? null],
  );
  return rows[0]?.updated ?? 0;
}
