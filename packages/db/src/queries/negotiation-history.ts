import type { NegotiationRow } from '../generated/database-types.js';
import type { Queryable } from '../connection/queryable.js';
import { agentPageStatement, readAgentPage, type AgentPageInput } from './agent-page.js';
import { pagePositionSelect, type Page } from './keyset-page.js';
import { rowColumns, type SqlQuery } from './sql-query.js';

export const NEGOTIATION_HISTORY_LIMIT = { default: 20, max: 100 } as const;
const NEGOTIATION_HISTORY = { kind: 'negotiation-history', bounds: NEGOTIATION_HISTORY_LIMIT };

/** An agent's negotiations page, as initiator or responder: `limit` 1–100 (default 20). */
export type NegotiationHistoryInput = AgentPageInput;

/**
 * The statement negotiationHistory() sends: one keyset scan per role (idx_negotiations_initiator
 * and idx_negotiations_responder, each (did, created_at DESC)), merged newest first. An agent
 * cannot negotiate with itself (negotiation_participants_different), so no row comes twice.
 */
export function negotiationHistoryQuery(input: NegotiationHistoryInput): SqlQuery {
  return agentPageStatement(NEGOTIATION_HISTORY, input, (after) => {
    const side = (role: 'initiator_did' | 'responder_did') =>
      `(SELECT ${rowColumns('negotiations', 'n')}, ${pagePositionSelect('n')}
          FROM negotiations n
         WHERE n.${role} = $1${after('n')}
         ORDER BY n.created_at DESC, n.id DESC
         LIMIT $2)`;
    return `SELECT * FROM (${side('initiator_did')} UNION ALL ${side('responder_did')}) AS history
             ORDER BY created_at DESC, id DESC LIMIT $2`;
  });
}

/** An agent's negotiations in both roles, newest first, a page at a time. */
export async function negotiationHistory(
  client: Queryable,
  input: NegotiationHistoryInput,
): Promise<Page<NegotiationRow>> {
  return readAgentPage(client, NEGOTIATION_HISTORY, input, negotiationHistoryQuery(input));
}
