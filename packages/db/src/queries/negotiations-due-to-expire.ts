import type { NegotiationRow, NegotiationState } from '../generated/database-types.js';
import type { Queryable } from '../connection/queryable.js';
import { boundedLimit, validDate, type LimitBounds } from './query-input.js';
import { rowColumns, type SqlQuery } from './sql-query.js';

export const NEGOTIATIONS_DUE_TO_EXPIRE_LIMIT: LimitBounds = { default: 100, max: 1000 };

/**
 * The states a negotiation ends in. idx_negotiations_expires is partial on
 * `state NOT IN ('accepted', 'rejected', 'expired')` (migration 004), so the query repeats
 * exactly that condition for the planner to use it.
 */
export const TERMINAL_NEGOTIATION_STATES = [
  'accepted',
  'rejected',
  'expired',
] as const satisfies readonly NegotiationState[];

export interface NegotiationsDueToExpireInput {
  /** Live negotiations whose expires_at is before this; default the database's now(). */
  readonly before?: Date;
  /** How many, 1–1000 (default 100), soonest-overdue first. */
  readonly limit?: number;
}

/** The statement negotiationsDueToExpire() sends: idx_negotiations_expires, read in order. */
export function negotiationsDueToExpireQuery(input: NegotiationsDueToExpireInput = {}): SqlQuery {
  const limit = boundedLimit(input.limit, NEGOTIATIONS_DUE_TO_EXPIRE_LIMIT);
  const before = input.before === undefined ? undefined : validDate(input.before, 'before');
  const terminal = TERMINAL_NEGOTIATION_STATES.map((state) => `'${state}'`).join(', ');
  return {
    text: `SELECT ${rowColumns('negotiations', 'n')}
             FROM negotiations n
            WHERE n.expires_at < ${before === undefined ? 'now()' : '$2'}
              AND n.state NOT IN (${terminal})
            ORDER BY n.expires_at
            LIMIT $1`,
    values: before === undefined ? [limit] : [limit, before],
  };
}

/** Live negotiations past their deadline: what expire_stale_negotiations() will mark expired. */
export async function negotiationsDueToExpire(
  client: Queryable,
  input: NegotiationsDueToExpireInput = {},
): Promise<NegotiationRow[]> {
  const query = negotiationsDueToExpireQuery(input);
  const { rows } = await client.query<NegotiationRow>(query.text, [...query.values]);
  return rows;
}
