import type { Queryable } from '../connection/queryable.js';

/**
 * On Citus, negotiations.responder_did -> agents (did) cannot be a foreign key (the two agents of a
 * negotiation live in different shard groups); migration 039 puts this trigger in its place.
 */
export const RESPONDER_CHECK_TRIGGER = 'negotiations_responder_exists';

/** Whether this database has the trigger (only a Citus database does). */
export async function hasResponderCheck(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ present: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_trigger
                     WHERE tgrelid = to_regclass('negotiations') AND tgname = $1) AS present`,
    [RESPONDER_CHECK_TRIGGER],
  );
  return rows[0]?.present === true;
}

/**
 * How many distinct responders of negotiations are not registered agents: the set-based form of
 * the trigger's check, for after a bulk load and for audits. The distinct responders are read
 * first (an intermediate result on Citus), then looked up among the agents.
 */
export async function countUnknownResponders(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n
       FROM (SELECT DISTINCT responder_did AS did FROM negotiations) AS responders
      WHERE did NOT IN (SELECT did FROM agents)`,
  );
  return rows[0]?.n ?? 0;
}
