import { BUSY_AGENT } from './index-use-seed.js';

/** A query the application runs, and the index(es) the schema has for it. */
export interface IndexQueryPattern {
  readonly name: string;
  readonly sql: string;
  /** Every one of these must appear in the plan. */
  readonly indexes: readonly string[];
}

const agent = `'${BUSY_AGENT}'`;

/** The query patterns the indexes of 004, 006, 007 and 009 exist for. */
export const INDEX_QUERY_PATTERNS: readonly IndexQueryPattern[] = [
  {
    name: 'agent discovery ranking',
    sql: `SELECT did, usefulness_score_cached FROM agents
           WHERE expires_at IS NULL OR expires_at > now()
           ORDER BY usefulness_score_cached DESC, last_seen_at DESC LIMIT 20`,
    indexes: ['idx_agents_usefulness'],
  },
  {
    name: "an agent's usefulness leaderboard",
    sql: `SELECT id, work_type, usefulness_score FROM usefulness_proofs
           WHERE agent_did = ${agent} ORDER BY usefulness_score DESC LIMIT 10`,
    indexes: ['idx_usefulness_agent_score'],
  },
  {
    // The rows expire_stale_negotiations() updates.
    name: 'negotiation expiry',
    sql: `SELECT id FROM negotiations
           WHERE expires_at < now() AND state NOT IN ('accepted', 'rejected', 'expired')`,
    indexes: ['idx_negotiations_expires'],
  },
  {
    name: "an agent's negotiation history",
    sql: `SELECT id, state, created_at FROM negotiations
           WHERE initiator_did = ${agent} OR responder_did = ${agent}
           ORDER BY created_at DESC LIMIT 20`,
    // Since 035 the primary key (initiator_did, id) serves the initiator side of the OR as well
    // as idx_negotiations_initiator does (the bitmap scan sorts either way); the planner takes it.
    indexes: ['negotiations_pkey', 'idx_negotiations_responder'],
  },
  {
    name: "an agent's credit history",
    sql: `SELECT id, tx_type, amount, created_at FROM credit_transactions
           WHERE agent_did = ${agent} ORDER BY created_at DESC LIMIT 50`,
    indexes: ['idx_credit_transactions_agent'],
  },
];
