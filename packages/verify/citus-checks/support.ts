import { LEDGER_TOTALS, ledgerTotalSql } from '@ainp/seed';
import type pg from 'pg';
import { inject } from 'vitest';
import { withClient } from '@ainp/db/testing';

export { withClient };

/** The first migration that knows about Citus: files before it build plain tables. */
export const FIRST_CITUS_MIGRATION = 30;

/** The coordinator database of this run. */
export const citusUrl = () => inject('citusUrl');

/** Each table, its distribution column, as docs/scaling-out.md designs (all colocated). */
export const DISTRIBUTION: Readonly<Record<string, string>> = {
  agents: 'did',
  trust_scores: 'agent_did',
  usefulness_proofs: 'agent_did',
  credit_accounts: 'agent_did',
  credit_transactions: 'agent_did',
  credit_idempotency_keys: 'agent_did',
  negotiations: 'initiator_did',
};
export const DISTRIBUTED_TABLES = Object.keys(DISTRIBUTION);

/**
 * Accounts whose totals differ from their ledger rows, per equation: balance = Σdeposit + Σearn −
 * Σspend, reserved = Σreserve − Σrelease, earned = Σearn, spent = Σspend (one definition, the
 * seeder's). A colocated join on agent_did: Citus runs it shard by shard.
 */
export async function ledgerEquationViolations(
  client: pg.ClientBase,
): Promise<Record<string, number>> {
  const totals = LEDGER_TOTALS.map((total) => `${ledgerTotalSql(total)} AS ${total}`).join(', ');
  const counts = LEDGER_TOTALS.map(
    (total) => `count(*) FILTER (WHERE a.${total} <> coalesce(t.${total}, 0))::int AS ${total}`,
  ).join(', ');
  const { rows } = await client.query<Record<string, number>>(
    `SELECT ${counts}
       FROM credit_accounts a
       LEFT JOIN (SELECT agent_did, ${totals} FROM credit_transactions GROUP BY agent_did) t
         USING (agent_did)`,
  );
  return rows[0] ?? {};
}

/** Row counts of the distributed tables. */
export async function rowCounts(client: pg.ClientBase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DISTRIBUTED_TABLES) {
    counts[table] = (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  }
  return counts;
}

/** A valid did:key (base58: no 0, O, I or l, so a 0 in `n` is written o). */
export const agentDid = (tag: string, n: number) =>
  `did:key:z6MkCitus${tag}${String(n).replaceAll('0', 'o')}`;

/**
 * Rows in every table, written while the tables are still plain (before 030): agents, trust
 * scores, proofs, negotiations, and ledger history through the credit functions of 012.
 */
export async function insertRowsBeforeDistribution(
  client: pg.ClientBase,
): Promise<Record<string, number>> {
  const agents = 20;
  await client.query(
    `INSERT INTO agents (did, public_key)
     SELECT 'did:key:z6MkCitusEarLy' || translate(g::text, '0', 'o'), 'key'
       FROM generate_series(1, $1) g`,
    [agents],
  );
  await client.query(`INSERT INTO trust_scores (agent_did) SELECT did FROM agents`);
  await client.query(
    `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
     SELECT gen_random_uuid(), did, 'compute', 40 + length(did) FROM agents`,
  );
  await client.query(
    `INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at)
     SELECT gen_random_uuid(), a.did, b.did, now() + interval '1 day'
       FROM agents a JOIN agents b ON b.did = 'did:key:z6MkCitusEarLy1' AND a.did <> b.did`,
  );
  for (let i = 1; i <= agents; i += 1) {
    const did = agentDid('EarLy', i);
    await client.query(`SELECT credit_deposit($1, 1000, $2)`, [did, `early-deposit-${i}`]);
    await client.query(
      `SELECT credit_earn($1, 50, $2, (SELECT id FROM usefulness_proofs WHERE agent_did = $1))`,
      [did, `early-earn-${i}`],
    );
    await client.query(`SELECT credit_reserve($1, 300, $2)`, [did, `early-reserve-${i}`]);
    await client.query(`SELECT credit_spend($1, 100, $2, true)`, [did, `early-settle-${i}`]);
  }
  return rowCounts(client);
}
