import type { Queryable } from '../connection/queryable.js';
import { afterPosition, decodeCursor, toPage, type Page } from './keyset-page.js';
import { agentDid, boundedLimit, type LimitBounds } from './query-input.js';
import type { SqlQuery } from './sql-query.js';

/** One page of an agent's rows, newest first. */
export interface AgentPageInput {
  readonly agentDid: string;
  /** Rows per page, from 1 to the query's maximum. */
  readonly limit?: number;
  /** The previous page's nextCursor; absent for the first page. */
  readonly cursor?: string | null;
}

/** A keyset-paged query of one agent's rows: its cursor tag and its limits. */
export interface AgentPageQuery {
  readonly kind: string;
  readonly bounds: LimitBounds;
}

/**
 * The statement of a paged query, input checked: $1 is the agent, $2 the limit + 1 (one more row
 * says whether another page follows), and `after(alias)` the condition that starts after the
 * cursor's row ($3, $4), empty on the first page.
 */
export function agentPageStatement(
  query: AgentPageQuery,
  input: AgentPageInput,
  text: (after: (alias: string) => string) => string,
): SqlQuery {
  const did = agentDid(input.agentDid);
  const limit = boundedLimit(input.limit, query.bounds);
  const position = decodeCursor(query.kind, input.cursor);
  const after = (alias: string) =>
    position === undefined ? '' : ` AND ${afterPosition(alias, 3)}`;
  return {
    text: text(after),
    values: [did, limit + 1, ...(position === undefined ? [] : [position.micros, position.id])],
  };
}

/** Runs a paged statement and cuts its rows into a page. */
export async function readAgentPage<R>(
  client: Queryable,
  query: AgentPageQuery,
  input: AgentPageInput,
  statement: SqlQuery,
): Promise<Page<R>> {
  const { rows } = await client.query(statement.text, [...statement.values]);
  return toPage(query.kind, rows, boundedLimit(input.limit, query.bounds));
}
