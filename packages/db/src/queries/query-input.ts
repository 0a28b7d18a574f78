import { QueryInputError } from '../errors.js';

/** How many rows a query returns by default, and at most. */
export interface LimitBounds {
  readonly default: number;
  readonly max: number;
}

/** `limit`, checked to be a whole number from 1 to `bounds.max`; `bounds.default` when absent. */
export function boundedLimit(limit: number | undefined, bounds: LimitBounds): number {
  if (limit === undefined) return bounds.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > bounds.max) {
    throw new QueryInputError(
      `limit must be a whole number from 1 to ${bounds.max}, got ${String(limit)}. Nothing was queried. Ask for at most ${bounds.max} rows and page on with the returned cursor.`,
      'limit',
    );
  }
  return limit;
}

/** An agent's DID as the agents table allows it (did:key:… or did:web:…). */
export function agentDid(value: unknown, parameter = 'agentDid'): string {
  if (typeof value !== 'string' || !/^did:(?:key|web):\S+$/.test(value)) {
    throw new QueryInputError(
      `${parameter} must be a DID starting with did:key: or did:web:, got ${JSON.stringify(value) ?? String(value)}. Nothing was queried.`,
      parameter,
    );
  }
  return value;
}

/** A valid Date (an invalid one would reach PostgreSQL as the text "Invalid Date"). */
export function validDate(value: unknown, parameter: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new QueryInputError(`${parameter} must be a valid Date. Nothing was queried.`, parameter);
  }
  return value;
}
