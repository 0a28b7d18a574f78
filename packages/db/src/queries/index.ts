export {
  CREDIT_HISTORY_LIMIT,
  creditHistory,
  creditHistoryQuery,
  type CreditHistoryInput,
} from './credit-history.js';
export {
  DISCOVER_AGENTS_LIMIT,
  discoverAgents,
  discoverAgentsQuery,
  MAX_CAPABILITY_TAGS,
  type DiscoverAgentsInput,
  type DiscoveredAgent,
} from './discover-agents.js';
export type { AgentPageInput } from './agent-page.js';
export type { Page } from './keyset-page.js';
export {
  NEGOTIATION_HISTORY_LIMIT,
  negotiationHistory,
  negotiationHistoryQuery,
  type NegotiationHistoryInput,
} from './negotiation-history.js';
export {
  NEGOTIATIONS_DUE_TO_EXPIRE_LIMIT,
  negotiationsDueToExpire,
  negotiationsDueToExpireQuery,
  TERMINAL_NEGOTIATION_STATES,
  type NegotiationsDueToExpireInput,
} from './negotiations-due-to-expire.js';
export type { LimitBounds } from './query-input.js';
export type { SqlQuery } from './sql-query.js';
export {
  USEFULNESS_LEADERBOARD_LIMIT,
  usefulnessLeaderboard,
  usefulnessLeaderboardQuery,
  type UsefulnessLeaderboardInput,
} from './usefulness-leaderboard.js';
