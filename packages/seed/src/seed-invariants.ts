import type { Queryable } from '@ainp/db';
import { ledgerDeltaSql, ledgerOrderSql, ledgerTotalSql, LEDGER_TOTALS } from './ledger-rules.js';
import {
  IDEMPOTENCY_KEY_RETENTION_MS,
  USEFULNESS_CACHE_WINDOW_DAYS,
  USEFULNESS_WINDOW_MS,
} from './time-windows.js';

/**
 * The rules seeded data obeys, as SQL over the loaded tables. Each query counts the rows that
 * break its rule ($1 is the reference date), so a healthy seed gives 0 everywhere. The ledger
 * rules come from ledger-rules.ts, the same definition the generator applies.
 */
export interface SeedInvariant {
  readonly name: string;
  readonly sql: string;
}

const LIVE = `('initiated', 'proposed', 'counter_proposed')`;
const ROUNDS = `negotiations AS n, jsonb_array_elements(n.rounds) WITH ORDINALITY AS r(round, i)`;

const ledgerEquations: SeedInvariant[] = LEDGER_TOTALS.map((total) => ({
  name: `ledger: ${total} equals its transactions`,
  sql: `SELECT count(*) FROM credit_accounts AS a
          LEFT JOIN (SELECT agent_did, ${ledgerTotalSql(total)} AS total
                       FROM credit_transactions GROUP BY agent_did) AS t USING (agent_did)
         WHERE a.${total} <> coalesce(t.total, 0)`,
}));

export const SEED_INVARIANTS: readonly SeedInvariant[] = [
  ...ledgerEquations,
  {
    name: 'ledger: no prefix of a history makes available credit or reserved negative',
    sql: `SELECT count(*) FROM (
            SELECT sum(${ledgerDeltaSql('balance')}) OVER w AS balance,
                   sum(${ledgerDeltaSql('reserved')}) OVER w AS reserved
              FROM credit_transactions
            WINDOW w AS (PARTITION BY agent_did ORDER BY ${ledgerOrderSql()} ROWS UNBOUNDED PRECEDING)
          ) AS running
          WHERE reserved < 0 OR balance - reserved < 0`,
  },
  {
    name: 'ledger: every earn points at an earlier proof of the same agent',
    sql: `SELECT count(*) FROM credit_transactions AS t
            LEFT JOIN usefulness_proofs AS p ON p.id = t.usefulness_proof_id
           WHERE t.tx_type = 'earn'
             AND (p.id IS NULL OR p.agent_did <> t.agent_did OR p.created_at > t.created_at)`,
  },
  {
    name: 'ledger: no proof is paid twice',
    sql: `SELECT count(*) FROM (SELECT usefulness_proof_id FROM credit_transactions
                                 WHERE tx_type = 'earn' GROUP BY 1 HAVING count(*) > 1) AS twice`,
  },
  {
    name: 'ledger: a release or spend that settles names an earlier reserve of the same amount',
    sql: `SELECT count(*) FROM credit_transactions AS t
            LEFT JOIN credit_transactions AS r ON r.id = (t.metadata->>'reserve_transaction_id')::uuid
           WHERE t.metadata ? 'reserve_transaction_id'
             AND (r.id IS NULL OR r.tx_type <> 'reserve' OR r.agent_did <> t.agent_did
                  OR r.amount <> t.amount OR r.created_at >= t.created_at)`,
  },
  {
    name: 'ledger: escrow for a negotiation is its agreed price, reserved by the initiator',
    sql: `SELECT count(*) FROM credit_transactions AS t
            LEFT JOIN negotiations AS n ON n.id = (t.metadata->>'negotiation_id')::uuid
           WHERE t.tx_type = 'reserve' AND t.metadata ? 'negotiation_id'
             AND (n.id IS NULL OR n.state <> 'accepted' OR n.initiator_did <> t.agent_did
                  OR (n.final_proposal->>'price')::bigint <> t.amount
                  OR t.metadata->>'counterparty_did' <> n.responder_did
                  OR t.created_at < n.updated_at)`,
  },
  {
    name: 'ledger: an account opens before its first transaction and was updated by its last',
    sql: `SELECT count(*) FROM credit_accounts AS a
            JOIN (SELECT agent_did, min(created_at) AS first, max(created_at) AS last
                    FROM credit_transactions GROUP BY agent_did) AS t USING (agent_did)
           WHERE a.created_at > t.first OR a.updated_at <> t.last`,
  },
  {
    name: 'idempotency: every ledger row carries the key of one operation of one account',
    sql: `SELECT (SELECT count(*) FROM credit_transactions WHERE idempotency_key IS NULL)
               + (SELECT count(*) FROM (
                    SELECT idempotency_key FROM credit_transactions GROUP BY idempotency_key
                    HAVING count(DISTINCT agent_did) > 1 OR count(DISTINCT created_at) > 1 OR count(*) > 2
                        OR (count(*) = 2 AND NOT (bool_or(tx_type = 'release') AND bool_or(tx_type = 'spend')))
                  ) AS shared)`,
  },
  {
    name: 'idempotency: a kept key holds its request as the credit functions build it, and its rows',
    sql: `SELECT count(*) FROM (
            SELECT count(t.id) AS n,
                   count(t.id) FILTER (WHERE t.tx_type = k.operation) AS own,
                   max(CASE WHEN k.request->>'from_reservation' = 'true' THEN 2 ELSE 1 END) AS expected,
                   bool_and(k.request->>'operation' = k.operation AND k.request->>'agent_did' = k.agent_did) AS asked,
                   bool_and(t.agent_did = k.agent_did AND t.created_at = k.created_at
                            AND t.amount = (k.request->>'amount')::bigint AND t.metadata = k.request->'metadata'
                            AND t.intent_id IS NOT DISTINCT FROM (k.request->>'intent_id')::uuid
                            AND t.usefulness_proof_id IS NOT DISTINCT FROM (k.request->>'usefulness_proof_id')::uuid
                            AND (t.tx_type = k.operation OR (k.request->>'from_reservation' = 'true' AND t.tx_type = 'release'))
                   ) AS written
              FROM credit_idempotency_keys AS k
              LEFT JOIN credit_transactions AS t ON t.idempotency_key = k.idempotency_key
             GROUP BY k.idempotency_key) AS s
          WHERE n <> expected OR own <> 1 OR NOT asked OR NOT coalesce(written, false)`,
  },
  {
    name: "idempotency: a kept key's result is the account its operation left",
    sql: `SELECT count(*) FROM (
            SELECT idempotency_key,
                   sum(${ledgerDeltaSql('balance')}) OVER w AS balance,
                   sum(${ledgerDeltaSql('reserved')}) OVER w AS reserved,
                   sum(${ledgerDeltaSql('earned')}) OVER w AS earned,
                   sum(${ledgerDeltaSql('spent')}) OVER w AS spent,
                   row_number() OVER (PARTITION BY idempotency_key ORDER BY ${ledgerOrderSql('DESC')}) AS from_last
              FROM credit_transactions
            WINDOW w AS (PARTITION BY agent_did ORDER BY ${ledgerOrderSql()} ROWS UNBOUNDED PRECEDING)
          ) AS after
          JOIN credit_idempotency_keys AS k ON k.idempotency_key = after.idempotency_key AND after.from_last = 1
          JOIN credit_accounts AS a ON a.agent_did = k.agent_did
          WHERE (k.result->>'balance')::bigint <> after.balance OR (k.result->>'reserved')::bigint <> after.reserved
             OR (k.result->>'earned')::bigint <> after.earned OR (k.result->>'spent')::bigint <> after.spent
             OR k.result->>'agent_did' <> k.agent_did
             OR (k.result->>'updated_at')::timestamptz <> k.created_at
             OR (k.result->>'created_at')::timestamptz <> a.created_at`,
  },
  {
    name: 'idempotency: keys are kept for exactly the last 7 days of operations',
    sql: `SELECT (SELECT count(*) FROM credit_idempotency_keys
                   WHERE created_at < $1::timestamptz - interval '${IDEMPOTENCY_KEY_RETENTION_MS} milliseconds')
               + (SELECT count(DISTINCT t.idempotency_key) FROM credit_transactions AS t
                   WHERE t.created_at >= $1::timestamptz - interval '${IDEMPOTENCY_KEY_RETENTION_MS} milliseconds'
                     AND NOT EXISTS (SELECT 1 FROM credit_idempotency_keys AS k
                                      WHERE k.idempotency_key = t.idempotency_key))`,
  },
  {
    name: 'foreign keys: every referenced agent, account and proof exists',
    sql: `SELECT (SELECT count(*) FROM trust_scores x WHERE NOT EXISTS (SELECT 1 FROM agents WHERE did = x.agent_did))
               + (SELECT count(*) FROM usefulness_proofs x WHERE NOT EXISTS (SELECT 1 FROM agents WHERE did = x.agent_did))
               + (SELECT count(*) FROM credit_accounts x WHERE NOT EXISTS (SELECT 1 FROM agents WHERE did = x.agent_did))
               + (SELECT count(*) FROM credit_transactions x WHERE NOT EXISTS (SELECT 1 FROM credit_accounts WHERE agent_did = x.agent_did))
               + (SELECT count(*) FROM credit_idempotency_keys x WHERE NOT EXISTS (SELECT 1 FROM credit_accounts WHERE agent_did = x.agent_did))
               + (SELECT count(*) FROM credit_transactions x WHERE x.usefulness_proof_id IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM usefulness_proofs WHERE id = x.usefulness_proof_id))
               + (SELECT count(*) FROM negotiations x WHERE NOT EXISTS (SELECT 1 FROM agents WHERE did = x.initiator_did)
                    OR NOT EXISTS (SELECT 1 FROM agents WHERE did = x.responder_did))`,
  },
  {
    name: 'agents: did:key Ed25519 DIDs, seen after registering, expiry = last seen + ttl',
    sql: `SELECT count(*) FROM agents
           WHERE did NOT LIKE 'did:key:z6Mk%' OR last_seen_at < created_at
              OR expires_at <> last_seen_at + ttl * interval '1 millisecond'`,
  },
  {
    name: 'usefulness: proofs fall in the 60 days before the reference date',
    sql: `SELECT count(*) FROM usefulness_proofs
           WHERE created_at > $1 OR created_at < $1::timestamptz - interval '${USEFULNESS_WINDOW_MS} milliseconds'`,
  },
  {
    name: `usefulness: each agent's cache is the ${USEFULNESS_CACHE_WINDOW_DAYS}-day average of its proofs`,
    sql: `SELECT count(*) FROM agents AS a
           WHERE a.usefulness_last_updated IS DISTINCT FROM $1
              OR a.usefulness_score_cached <> coalesce(
                   (SELECT round(avg(p.usefulness_score), 2) FROM usefulness_proofs AS p
                     WHERE p.agent_did = a.did
                       AND p.created_at >= $1::timestamptz - interval '${USEFULNESS_CACHE_WINDOW_DAYS} days'
                       AND p.created_at <= $1), 0)`,
  },
  {
    name: 'negotiations: rounds are numbered and alternate, initiator first',
    sql: `SELECT count(*) FROM ${ROUNDS}
           WHERE (r.round->>'round_number')::int <> r.i
              OR r.round->>'proposer_did' <> CASE WHEN r.i % 2 = 1 THEN n.initiator_did ELSE n.responder_did END`,
  },
  {
    name: 'negotiations: convergence rises every round and ends where the row says',
    sql: `SELECT (SELECT count(*) FROM (
                    SELECT (r.round->>'convergence_score')::numeric AS c,
                           lag((r.round->>'convergence_score')::numeric) OVER (PARTITION BY n.id ORDER BY r.i) AS before
                      FROM ${ROUNDS}) AS s WHERE c <= before)
               + (SELECT count(*) FROM negotiations
                   WHERE convergence_score <> coalesce((rounds->-1->>'convergence_score')::numeric, 0))`,
  },
  {
    name: 'negotiations: rounds happen in order, between the start and the deadline',
    sql: `SELECT count(*) FROM (
            SELECT n.created_at, n.expires_at, (r.round->>'proposed_at')::timestamptz AS at,
                   lag((r.round->>'proposed_at')::timestamptz) OVER (PARTITION BY n.id ORDER BY r.i) AS before
              FROM ${ROUNDS}) AS s
           WHERE at <= created_at OR at >= expires_at OR at <= before`,
  },
  {
    name: 'negotiations: state matches the rounds, within max_rounds',
    sql: `SELECT count(*) FROM negotiations
           WHERE jsonb_array_length(rounds) > max_rounds
              OR (state IN ${LIVE} AND jsonb_array_length(rounds) >= max_rounds)
              OR (state = 'initiated' AND jsonb_array_length(rounds) <> 0)
              OR (state = 'proposed' AND jsonb_array_length(rounds) % 2 <> 1)
              OR (state = 'counter_proposed' AND (jsonb_array_length(rounds) = 0 OR jsonb_array_length(rounds) % 2 <> 0))
              OR (state IN ('accepted', 'rejected') AND jsonb_array_length(rounds) = 0)
              OR current_proposal IS DISTINCT FROM rounds->-1->'proposal'`,
  },
  {
    name: 'negotiations: accepted ones carry the last proposal as final, no others do',
    sql: `SELECT count(*) FROM negotiations
           WHERE (state = 'accepted') <> (final_proposal IS NOT NULL)
              OR (state = 'accepted' AND final_proposal <> rounds->-1->'proposal')`,
  },
  {
    name: 'negotiations: expired ones are past their deadline',
    sql: `SELECT count(*) FROM negotiations
           WHERE state = 'expired' AND (expires_at >= $1 OR updated_at < expires_at)`,
  },
  {
    name: 'negotiations: incentive splits sum to 1',
    sql: `SELECT count(*) FROM negotiations
           WHERE (SELECT sum(value::text::numeric) FROM jsonb_each(incentive_split)) <> 1`,
  },
];

/** Each invariant's count of offending rows (all 0 for a healthy seed). */
export async function checkSeedInvariants(
  q: Queryable,
  refDate: Date,
): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const invariant of SEED_INVARIANTS) {
    const params = invariant.sql.includes('$1') ? [refDate] : [];
    const { rows } = await q.query<{ count: string }>(`SELECT (${invariant.sql}) AS count`, params);
    result[invariant.name] = Number(rows[0]!.count);
  }
  return result;
}
