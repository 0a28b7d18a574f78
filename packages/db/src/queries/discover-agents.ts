import { QueryInputError } from '../errors.js';
import type { AgentRow, TrustScoreRow } from '../generated/database-types.js';
import type { Queryable } from '../connection/queryable.js';
import { boundedLimit, type LimitBounds } from './query-input.js';
import { rowColumns, type SqlQuery } from './sql-query.js';

export const DISCOVER_AGENTS_LIMIT: LimitBounds = { default: 20, max: 100 };
/** At most this many capability tags in one discovery. */
export const MAX_CAPABILITY_TAGS = 16;

export interface DiscoverAgentsInput {
  /** Tags every agent found must advertise (agents.capabilities @> tags); none: any agent. */
  readonly capabilities?: readonly string[];
  /** Only agents seen within this many milliseconds; default: any live agent. */
  readonly seenWithinMs?: number;
  /** How many agents, 1–100 (default 20). */
  readonly limit?: number;
}

/** An agent found by discovery, with its overall trust score (null: never rated). */
export type DiscoveredAgent = AgentRow & { trust_score: TrustScoreRow['score'] | null };

function capabilityTags(tags: unknown): string[] {
  if (
    !Array.isArray(tags) ||
    tags.length > MAX_CAPABILITY_TAGS ||
    !tags.every((tag) => typeof tag === 'string' && tag.trim() !== '')
  ) {
    throw new QueryInputError(
      `capabilities must be an array of at most ${MAX_CAPABILITY_TAGS} non-empty strings. Nothing was queried.`,
      'capabilities',
    );
  }
  return tags as string[];
}

function seenWithin(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 1) {
    throw new QueryInputError(
      `seenWithinMs must be a positive whole number of milliseconds, got ${String(ms)}. Nothing was queried.`,
      'seenWithinMs',
    );
  }
  return ms;
}

/**
 * The statement discoverAgents() sends. Live agents (not expired), optionally with every tag
 * (idx_agents_capabilities) and seen recently, ranked by cached usefulness, then trust, then how
 * recently they were seen; idx_agents_usefulness serves the ranking.
 */
export function discoverAgentsQuery(input: DiscoverAgentsInput = {}): SqlQuery {
  const values: unknown[] = [boundedLimit(input.limit, DISCOVER_AGENTS_LIMIT)];
  const conditions = ['(a.expires_at IS NULL OR a.expires_at > now())'];
  const tags = input.capabilities === undefined ? [] : capabilityTags(input.capabilities);
  if (tags.length > 0) {
    values.push(tags);
    conditions.push(`a.capabilities @> $${values.length}::text[]`);
  }
  if (input.seenWithinMs !== undefined) {
    values.push(seenWithin(input.seenWithinMs));
    conditions.push(`a.last_seen_at > now() - $${values.length} * interval '1 millisecond'`);
  }
  return {
    text: `SELECT ${rowColumns('agents', 'a')}, t.score AS trust_score
             FROM agents a
             LEFT JOIN trust_scores t ON t.agent_did = a.did
            WHERE ${conditions.join('\n              AND ')}
            ORDER BY a.usefulness_score_cached DESC, t.score DESC NULLS LAST, a.last_seen_at DESC, a.did
            LIMIT $1`,
    values,
  };
}

/** Live agents for a task, best first. */
export async function discoverAgents(
  client: Queryable,
  input: DiscoverAgentsInput = {},
): Promise<DiscoveredAgent[]> {
  const query = discoverAgentsQuery(input);
  const { rows } = await client.query<DiscoveredAgent>(query.text, [...query.values]);
  return rows;
}
