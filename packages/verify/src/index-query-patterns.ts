import {
  creditHistory,
  creditHistoryQuery,
  discoverAgentsQuery,
  negotiationHistory,
  negotiationHistoryQuery,
  negotiationsDueToExpireQuery,
  usefulnessLeaderboardQuery,
  type Queryable,
  type SqlQuery,
} from '@ainp/db';
import { BUSY_AGENT } from './index-use-seed.js';

/** A query services run, built by @ainp/db's own query function, and the index(es) it needs. */
export interface IndexQueryPattern {
  readonly name: string;
  /** The statement and parameters exactly as the exported function sends them, on the seed. */
  readonly query: (client: Queryable) => Promise<SqlQuery>;
  /** Every one of these must appear in the plan. */
  readonly indexes: readonly string[];
}

const agentDid = BUSY_AGENT;

/** The seed's busiest agent has many pages; a missing cursor would re-check the first page. */
function nextPage(cursor: string | null): string {
  if (cursor === null) throw new Error(`${agentDid} has a single page; the seed is too small.`);
  return cursor;
}

/**
 * The query functions of @ainp/db (src/queries/) the indexes of 001, 004, 006, 007 and 009 exist
 * for, with the parameters a service passes: first pages and, for the keyset ones, the page after.
 */
export const INDEX_QUERY_PATTERNS: readonly IndexQueryPattern[] = [
  {
    name: 'agent discovery ranking (discoverAgents)',
    query: async () => discoverAgentsQuery(),
    indexes: ['idx_agents_usefulness'],
  },
  {
    name: 'agent discovery by a rare capability (discoverAgents)',
    query: async () => discoverAgentsQuery({ capabilities: ['audit'] }),
    indexes: ['idx_agents_capabilities'],
  },
  {
    name: "an agent's usefulness leaderboard (usefulnessLeaderboard)",
    query: async () => usefulnessLeaderboardQuery({ agentDid }),
    indexes: ['idx_usefulness_agent_score'],
  },
  {
    // The rows expire_stale_negotiations() updates.
    name: 'negotiations due to expire (negotiationsDueToExpire)',
    query: async () => negotiationsDueToExpireQuery(),
    indexes: ['idx_negotiations_expires'],
  },
  {
    name: "an agent's negotiation history (negotiationHistory)",
    query: async () => negotiationHistoryQuery({ agentDid }),
    indexes: ['idx_negotiations_initiator', 'idx_negotiations_responder'],
  },
  {
    name: "an agent's negotiation history, next page (negotiationHistory)",
    query: async (client) => {
      const first = await negotiationHistory(client, { agentDid });
      return negotiationHistoryQuery({ agentDid, cursor: nextPage(first.nextCursor) });
    },
    indexes: ['idx_negotiations_initiator', 'idx_negotiations_responder'],
  },
  {
    name: "an agent's credit history (creditHistory)",
    query: async () => creditHistoryQuery({ agentDid }),
    indexes: ['idx_credit_transactions_agent'],
  },
  {
    name: "an agent's credit history, next page (creditHistory)",
    query: async (client) => {
      const first = await creditHistory(client, { agentDid });
      return creditHistoryQuery({ agentDid, cursor: nextPage(first.nextCursor) });
    },
    indexes: ['idx_credit_transactions_agent'],
  },
];
