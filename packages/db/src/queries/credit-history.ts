import type { CreditTransactionRow } from '../generated/database-types.js';
import type { Queryable } from '../connection/queryable.js';
import { agentPageStatement, readAgentPage, type AgentPageInput } from './agent-page.js';
import { pagePositionSelect, type Page } from './keyset-page.js';
import { rowColumns, type SqlQuery } from './sql-query.js';

export const CREDIT_HISTORY_LIMIT = { default: 50, max: 200 } as const;
const CREDIT_HISTORY = { kind: 'credit-history', bounds: CREDIT_HISTORY_LIMIT };

/** An agent's ledger page: `limit` 1–200 (default 50). */
export type CreditHistoryInput = AgentPageInput;

/** The statement creditHistory() sends: a keyset scan of idx_credit_transactions_agent. */
export function creditHistoryQuery(input: CreditHistoryInput): SqlQuery {
  return agentPageStatement(
    CREDIT_HISTORY,
    input,
    (after) => `SELECT ${rowColumns('credit_transactions', 't')}, ${pagePositionSelect('t')}
                  FROM credit_transactions t
                 WHERE t.agent_did = $1${after('t')}
                 ORDER BY t.created_at DESC, t.id DESC
                 LIMIT $2`,
  );
}

/** An agent's ledger entries, newest first, a page at a time (amounts in atomic units). */
export async function creditHistory(
  client: Queryable,
  input: CreditHistoryInput,
): Promise<Page<CreditTransactionRow>> {
  return readAgentPage(client, CREDIT_HISTORY, input, creditHistoryQuery(input));
}
