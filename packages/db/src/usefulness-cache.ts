import type { Queryable } from './queryable.js';

/**
 * Recomputes `agents.usefulness_score_cached` as the average score of each agent's usefulness
 * proofs over the last 30 days (0 without any), and stamps `usefulness_last_updated`, by calling
 * the database function `refresh_usefulness_cache` (migration 013). Without `agentDid` it refreshes
 * every agent. Returns how many agents it updated.
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
