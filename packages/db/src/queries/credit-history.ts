import type { CreditTransactionRow } from '../generated/database-types.js';
import type { Queryable } from '../queryable.js';
import {
  afterPosition,
  decodeCursor,
  pagePositionSelect,
  toPage,
  type Page,
} from './keyset-page.js';
import { agentDid, boundedLimit, type LimitBounds } from './query-input.js';
import { rowColumns, type SqlQuery } from './sql-query.js';

export const CREDIT_HISTORY_LIMIT: LimitBounds = { default: 50, max: 200 };
const CURSOR_KIND = 'credit-history';

export interface CreditHistoryInput {
  readonly agentDid: string;
  /** Rows per page, 1–200 (default 50). */
  readonly limit?: number;
  /** The previous page's nextCursor; absent for the first page. */
  readonly cursor?: string | null;
}

/** The statement creditHistory() sends: a keyset scan of idx_credit_transactions_agent. */
export function creditHistoryQuery(input: CreditHistoryInput): SqlQuery {
  const did = agentDid(input.agentDid);
  const limit = boundedLimit(input.limit, CREDIT_HISTORY_LIMIT);
  const position = decodeCursor(CURSOR_KIND, input.cursor);
  const after = position === undefined ? '' : ` AND ${afterPosition('t', 3)}`;
  return {
    text: `SELECT ${rowColumns('credit_transactions', 't')}, ${pagePositionSelect('t')}
             FROM credit_transactions t
            WHERE t.agent_did = $1${after}
            ORDER BY t.created_at DESC, t.id DESC
            LIMIT $2`,
    values: [did, limit + 1, ...(position === undefined ? [] : [position.micros, position.id])],
  };
}

/** An agent's ledger entries, newest first, a page at a time (amounts in atomic units). */
export async function creditHistory(
  client: Queryable,
  input: CreditHistoryInput,
): Promise<Page<CreditTransactionRow>> {
  const query = creditHistoryQuery(input);
  const { rows } = await client.query(query.text, [...query.values]);
  return toPage(CURSOR_KIND, rows, boundedLimit(input.limit, CREDIT_HISTORY_LIMIT));
}
