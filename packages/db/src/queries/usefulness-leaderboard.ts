import type { UsefulnessProofRow } from '../generated/database-types.js';
import type { Queryable } from '../connection/queryable.js';
import { agentDid, boundedLimit, type LimitBounds } from './query-input.js';
import { rowColumns, type SqlQuery } from './sql-query.js';

export const USEFULNESS_LEADERBOARD_LIMIT: LimitBounds = { default: 10, max: 100 };

export interface UsefulnessLeaderboardInput {
  readonly agentDid: string;
  /** How many proofs, 1–100 (default 10). */
  readonly limit?: number;
}

/** The statement usefulnessLeaderboard() sends: idx_usefulness_agent_score, read in order. */
export function usefulnessLeaderboardQuery(input: UsefulnessLeaderboardInput): SqlQuery {
  return {
    text: `SELECT ${rowColumns('usefulness_proofs', 'p')}
             FROM usefulness_proofs p
            WHERE p.agent_did = $1
            ORDER BY p.usefulness_score DESC
            LIMIT $2`,
    values: [agentDid(input.agentDid), boundedLimit(input.limit, USEFULNESS_LEADERBOARD_LIMIT)],
  };
}

/** An agent's best-scoring usefulness proofs, best first. */
export async function usefulnessLeaderboard(
  client: Queryable,
  input: UsefulnessLeaderboardInput,
): Promise<UsefulnessProofRow[]> {
  const query = usefulnessLeaderboardQuery(input);
  const { rows } = await client.query<UsefulnessProofRow>(query.text, [...query.values]);
  return rows;
}
