import type { NegotiationRow } from '../generated/database-types.js';
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

export const NEGOTIATION_HISTORY_LIMIT: LimitBounds = { default: 20, max: 100 };
const CURSOR_KIND = 'negotiation-history';

export interface NegotiationHistoryInput {
  /** The agent, as initiator or responder. */
  readonly agentDid: string;
  /** Rows per page, 1–100 (default 20). */
  readonly limit?: number;
  /** The previous page's nextCursor; absent for the first page. */
  readonly cursor?: string | null;
}

/**
 * The statement negotiationHistory() sends: one keyset scan per role (idx_negotiations_initiator
 * and idx_negotiations_responder, each (did, created_at DESC)), merged newest first. An agent
 * cannot negotiate with itself (negotiation_participants_different), so no row comes twice.
 */
export function negotiationHistoryQuery(input: NegotiationHistoryInput): SqlQuery {
  const did = agentDid(input.agentDid);
  const limit = boundedLimit(input.limit, NEGOTIATION_HISTORY_LIMIT);
  const position = decodeCursor(CURSOR_KIND, input.cursor);
  const after = position === undefined ? '' : ` AND ${afterPosition('n', 3)}`;
  const side = (role: 'initiator_did' | 'responder_did') =>
    `(SELECT ${rowColumns('negotiations', 'n')}, ${pagePositionSelect('n')}
        FROM negotiations n
       WHERE n.${role} = $1${after}
       ORDER BY n.created_at DESC, n.id DESC
       LIMIT $2)`;
  return {
    text: `SELECT * FROM (${side('initiator_did')} UNION ALL ${side('responder_did')}) AS history
            ORDER BY created_at DESC, id DESC LIMIT $2`,
    values: [did, limit + 1, ...(position === undefined ? [] : [position.micros, position.id])],
  };
}

/** An agent's negotiations in both roles, newest first, a page at a time. */
export async function negotiationHistory(
  client: Queryable,
  input: NegotiationHistoryInput,
): Promise<Page<NegotiationRow>> {
  const query = negotiationHistoryQuery(input);
  const { rows } = await client.query(query.text, [...query.values]);
  return toPage(CURSOR_KIND, rows, boundedLimit(input.limit, NEGOTIATION_HISTORY_LIMIT));
}
