/** Time spans the seed's story is told in, all counted back from the reference date. */
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

/** Agents registered up to this long before the reference date... */
export const AGENT_HISTORY_MS = 365 * MS_PER_DAY;
/** ...and at least this long before it, so every agent has time to work and negotiate. */
export const MIN_AGENT_AGE_MS = 2 * MS_PER_HOUR;
/** Usefulness proofs cover the last 60 days. */
export const USEFULNESS_WINDOW_MS = 60 * MS_PER_DAY;
/** usefulness_score_cached averages the proofs of the last 30 days. */
export const USEFULNESS_CACHE_WINDOW_DAYS = 30;
/** Credit transactions cover the last 90 days of an account's life. */
export const LEDGER_WINDOW_MS = 90 * MS_PER_DAY;
/**
 * credit_idempotency_keys keeps the keys of the last 7 days' operations (older ones count as
 * purged); every ledger row keeps its key either way.
 */
export const IDEMPOTENCY_KEY_RETENTION_MS = 7 * MS_PER_DAY;
/** Negotiations started in the last 30 days. */
export const NEGOTIATION_WINDOW_MS = 30 * MS_PER_DAY;

/** A uniformly drawn instant in [from, to], whole milliseconds. */
export function between(random: () => number, from: number, to: number): number {
  return to <= from ? from : from + Math.floor(random() * (to - from + 1));
}
