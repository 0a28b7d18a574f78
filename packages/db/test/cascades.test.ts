import { describe, expect, it } from 'vitest';
import {
  freshDatabase,
  insertAgent,
  insertNegotiation,
  insertProof,
  insertRow,
} from './support.js';

const db = await freshDatabase('migrated');

/** Gives an agent one row of everything an agent can own; returns its first proof's id. */
async function populate(did: string, counterpart: string): Promise<string> {
  await insertRow(db.pool, 'trust_scores', { agent_did: did });
  const proof = await insertProof(db.pool, did);
  await insertProof(db.pool, did, { work_type: 'memory' });
  await insertNegotiation(db.pool, did, counterpart);
  await insertRow(db.pool, 'credit_accounts', { agent_did: did, balance: 10_000 });
  await insertRow(db.pool, 'credit_transactions', {
    agent_did: did,
    tx_type: 'deposit',
    amount: 10_000,
  });
  await insertRow(db.pool, 'credit_transactions', {
    agent_did: did,
    tx_type: 'earn',
    amount: 2_000,
    usefulness_proof_id: proof.id,
  });
  return proof.id as string;
}

/** How many rows each table holds for each of these agents. */
async function rowsOwnedBy(dids: string[]) {
  const { rows } = await db.pool.query<Record<string, number> & { did: string }>(
    `SELECT a.did,
            (SELECT count(*)::int FROM agents x WHERE x.did = a.did) AS agents,
            (SELECT count(*)::int FROM trust_scores t WHERE t.agent_did = a.did) AS trust_scores,
            (SELECT count(*)::int FROM usefulness_proofs p WHERE p.agent_did = a.did) AS proofs,
            (SELECT count(*)::int FROM negotiations n WHERE n.initiator_did = a.did) AS initiated,
            (SELECT count(*)::int FROM negotiations n WHERE n.responder_did = a.did) AS responded,
            (SELECT count(*)::int FROM credit_accounts c WHERE c.agent_did = a.did) AS accounts,
            (SELECT count(*)::int FROM credit_transactions c WHERE c.agent_did = a.did) AS transactions
       FROM unnest($1::text[]) AS a(did) ORDER BY a.did`,
    [dids],
  );
  return Object.fromEntries(rows.map(({ did, ...counts }) => [did, counts]));
}

describe('deleting rows cascades as the schema promises', () => {
  it('deleting an agent removes everything it owns or took part in, and nothing else', async () => {
    const [doomed, bystander, other] = await Promise.all([
      insertAgent(db.pool),
      insertAgent(db.pool),
      insertAgent(db.pool),
    ]);
    // The doomed agent initiates one negotiation (with the bystander) and responds to one (from
    // the other agent); the bystander and the other agent also negotiate with each other.
    const doomedProof = await populate(doomed, bystander);
    await populate(bystander, other);
    await populate(other, doomed);
    // Nobody else can earn against the doomed agent's proof (035: the FK names the agent too).
    await expect(
      insertRow(db.pool, 'credit_transactions', {
        agent_did: bystander,
        tx_type: 'earn',
        amount: 500,
        usefulness_proof_id: doomedProof,
      }),
    ).rejects.toMatchObject({ code: '23503' });

    const full = { agents: 1, trust_scores: 1, proofs: 2, initiated: 1, responded: 1, accounts: 1 };
    expect(await rowsOwnedBy([doomed, bystander, other])).toEqual({
      [doomed]: { ...full, transactions: 2 },
      [bystander]: { ...full, transactions: 2 },
      [other]: { ...full, transactions: 2 },
    });

    const deleted = await db.pool.query('DELETE FROM agents WHERE did = $1', [doomed]);
    expect(deleted.rowCount).toBe(1);

    const none = { agents: 0, trust_scores: 0, proofs: 0, initiated: 0, responded: 0 };
    expect(await rowsOwnedBy([doomed, bystander, other])).toEqual({
      [doomed]: { ...none, accounts: 0, transactions: 0 },
      // Each survivor lost only its negotiation with the doomed agent.
      [bystander]: { ...full, responded: 0, transactions: 2 },
      [other]: { ...full, initiated: 0, transactions: 2 },
    });
  });

  it('a usefulness proof that an earning cites cannot be deleted (035); an uncited one can', async () => {
    const agent = await insertAgent(db.pool);
    const proofId = await populate(agent, await insertAgent(db.pool));
    const keptProof = await insertProof(db.pool, agent, { work_type: 'learning' });
    await insertRow(db.pool, 'credit_transactions', {
      agent_did: agent,
      tx_type: 'earn',
      amount: 700,
      usefulness_proof_id: keptProof.id,
    });

    await expect(
      db.pool.query('DELETE FROM usefulness_proofs WHERE id = $1', [proofId]),
    ).rejects.toMatchObject({
      code: '23503',
      constraint: 'credit_transactions_usefulness_proof_id_fkey',
    });
    const uncited = await insertProof(db.pool, agent, { work_type: 'routing' });
    const gone = await db.pool.query('DELETE FROM usefulness_proofs WHERE id = $1', [uncited.id]);
    expect(gone.rowCount).toBe(1);

    const { rows } = await db.pool.query(
      `SELECT tx_type, amount::int, usefulness_proof_id FROM credit_transactions
        WHERE agent_did = $1 ORDER BY amount`,
      [agent],
    );
    expect(rows).toEqual([
      { tx_type: 'earn', amount: 700, usefulness_proof_id: keptProof.id },
      { tx_type: 'earn', amount: 2_000, usefulness_proof_id: proofId },
      { tx_type: 'deposit', amount: 10_000, usefulness_proof_id: null },
    ]);
  });

  it('deleting a credit account removes its transaction history', async () => {
    const agent = await insertAgent(db.pool);
    await populate(agent, await insertAgent(db.pool));
    await db.pool.query('DELETE FROM credit_accounts WHERE agent_did = $1', [agent]);
    const counts = await rowsOwnedBy([agent]);
    expect(counts[agent]).toMatchObject({ agents: 1, proofs: 2, accounts: 0, transactions: 0 });
  });
});
