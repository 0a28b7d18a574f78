import { beforeAll, describe, expect, it } from 'vitest';
import { NEGOTIATION_STATES, WORK_TYPES } from '@ainp/db';
import { seedDatabase, type SeedReport } from '../src/seed-database.js';
import { checkSeedInvariants, SEED_INVARIANTS } from '../src/seed-invariants.js';
import { freshDatabase, options } from './support.js';

// Two chunks' worth of agents, so counterparties and payments cross chunk boundaries.
const flags = {
  seed: '7',
  agents: '3000',
  usefulnessProofs: '9000',
  creditTransactions: '24000',
  negotiations: '5000',
};
const seedOptions = options(flags);
const refDate = seedOptions.refDate;

describe('seeded data obeys every rule', () => {
  let target: Awaited<ReturnType<typeof freshDatabase>>;
  let report: SeedReport;
  beforeAll(async () => {
    target = await freshDatabase();
    report = await seedDatabase(target.db, seedOptions);
  });

  it('loads exactly the planned rows into every table', async () => {
    const c = seedOptions.counts;
    expect(report.rows).toEqual({
      agents: c.agents,
      trust_scores: c.trustScores,
      usefulness_proofs: c.usefulnessProofs,
      credit_accounts: c.creditAccounts,
      credit_transactions: c.creditTransactions,
      credit_idempotency_keys: report.rows.credit_idempotency_keys,
      negotiations: c.negotiations,
    });
    for (const [table, rows] of Object.entries(report.rows)) {
      const { rows: found } = await target.db.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect(found[0]?.n, table).toBe(rows);
      expect(rows, table).toBeGreaterThan(0);
    }
  });

  it('breaks none of the ledger, foreign-key, usefulness and negotiation invariants', async () => {
    const violations = await checkSeedInvariants(target.db, refDate);
    expect(Object.keys(violations)).toHaveLength(SEED_INVARIANTS.length);
    expect(violations).toEqual(Object.fromEntries(SEED_INVARIANTS.map((i) => [i.name, 0])));
  });

  it('tells a varied story: every work type and state, lapsed and live agents, open reservations', async () => {
    const one = async (sql: string) =>
      Number((await target.db.query(sql, sql.includes('$1') ? [refDate] : [])).rows[0]?.n);
    const workTypes = await target.db.query('SELECT DISTINCT work_type FROM usefulness_proofs');
    expect(workTypes.rows.map((r) => r.work_type).sort()).toEqual([...WORK_TYPES].sort());
    const states = await target.db.query('SELECT DISTINCT state FROM negotiations');
    expect(states.rows.map((r) => r.state).sort()).toEqual([...NEGOTIATION_STATES].sort());
    expect(await one('SELECT count(*) AS n FROM agents WHERE expires_at < $1')).toBeGreaterThan(0);
    expect(await one('SELECT count(*) AS n FROM agents WHERE expires_at > $1')).toBeGreaterThan(0);
    expect(
      await one(
        `SELECT count(*) AS n FROM negotiations
          WHERE state IN ('initiated', 'proposed', 'counter_proposed') AND expires_at < $1`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await one('SELECT count(*) AS n FROM credit_accounts WHERE reserved > 0'),
    ).toBeGreaterThan(0);
    expect(
      await one(`SELECT count(*) AS n FROM credit_transactions WHERE tx_type = 'earn'`),
    ).toBeGreaterThan(0);
    expect(
      await one(`SELECT count(*) AS n FROM credit_transactions WHERE metadata ? 'negotiation_id'`),
    ).toBeGreaterThan(0);
    expect(
      await one('SELECT count(*) AS n FROM agents WHERE usefulness_score_cached > 0'),
    ).toBeGreaterThan(0);
  });

  // Each check must be able to fail: plant one violation, in a transaction that is rolled back.
  // [the check's name starts with, the statement planting one violation, a statement before it]
  const plants: [string, string, string?][] = [
    [
      'ledger: balance equals',
      `UPDATE credit_accounts SET balance = balance + 1 WHERE agent_did = (SELECT agent_did FROM credit_accounts LIMIT 1)`,
    ],
    [
      'ledger: reserved equals',
      `UPDATE credit_accounts SET reserved = reserved + 1 WHERE agent_did = (SELECT agent_did FROM credit_accounts WHERE reserved < balance LIMIT 1)`,
    ],
    [
      'ledger: earned equals',
      `UPDATE credit_accounts SET earned = earned + 1 WHERE agent_did = (SELECT agent_did FROM credit_accounts LIMIT 1)`,
    ],
    [
      'ledger: spent equals',
      `UPDATE credit_accounts SET spent = spent + 1 WHERE agent_did = (SELECT agent_did FROM credit_accounts LIMIT 1)`,
    ],
    [
      'ledger: no prefix',
      `UPDATE credit_transactions t SET created_at = f.first - interval '1 second' FROM (SELECT agent_did, min(created_at) AS first FROM credit_transactions GROUP BY 1) f WHERE t.id = (SELECT id FROM credit_transactions WHERE tx_type = 'spend' LIMIT 1) AND f.agent_did = t.agent_did`,
    ],
    [
      'ledger: every earn',
      `UPDATE credit_transactions SET usefulness_proof_id = (SELECT p.id FROM usefulness_proofs p WHERE p.agent_did <> credit_transactions.agent_did LIMIT 1) WHERE id = (SELECT id FROM credit_transactions WHERE tx_type = 'earn' LIMIT 1)`,
      'DROP INDEX idx_credit_transactions_one_earn_per_agent_proof',
    ],
    [
      'ledger: a release or spend',
      `UPDATE credit_transactions SET amount = amount + 1 WHERE id = (SELECT id FROM credit_transactions WHERE tx_type = 'spend' AND metadata ? 'reserve_transaction_id' LIMIT 1)`,
    ],
    [
      'ledger: escrow for a negotiation',
      `UPDATE negotiations SET final_proposal = jsonb_set(final_proposal, '{price}', '1') WHERE id = (SELECT (metadata->>'negotiation_id')::uuid FROM credit_transactions WHERE metadata ? 'negotiation_id' LIMIT 1)`,
      'ALTER TABLE negotiations DISABLE TRIGGER trg_negotiations_state_machine',
    ],
    [
      'ledger: no proof is paid twice',
      `INSERT INTO credit_transactions (agent_did, tx_type, amount, usefulness_proof_id, created_at)
       SELECT agent_did, tx_type, amount, usefulness_proof_id, created_at + interval '1 second'
         FROM credit_transactions WHERE tx_type = 'earn' LIMIT 1`,
      'DROP INDEX idx_credit_transactions_one_earn_per_agent_proof',
    ],
    [
      'ledger: an account opens',
      // The timestamp trigger moves updated_at away from the last transaction.
      `UPDATE credit_accounts SET balance = balance WHERE agent_did = (SELECT agent_did FROM credit_transactions LIMIT 1)`,
    ],
    [
      'foreign keys',
      `UPDATE trust_scores SET agent_did = 'did:key:z6MkNobodyRegisteredThis' WHERE agent_did = (SELECT agent_did FROM trust_scores LIMIT 1)`,
      'ALTER TABLE trust_scores DROP CONSTRAINT trust_scores_agent_did_fkey',
    ],
    [
      'agents:',
      `UPDATE agents SET expires_at = expires_at + interval '1 second' WHERE id = (SELECT id FROM agents LIMIT 1)`,
    ],
    [
      'negotiations: rounds happen in order',
      `UPDATE negotiations SET rounds = jsonb_set(rounds, '{0,proposed_at}', to_jsonb(created_at - interval '1 minute')) WHERE id = (SELECT id FROM negotiations WHERE jsonb_array_length(rounds) > 0 LIMIT 1)`,
    ],
    [
      'idempotency: every ledger row',
      `UPDATE credit_transactions SET idempotency_key = NULL WHERE id = (SELECT id FROM credit_transactions LIMIT 1)`,
    ],
    [
      'idempotency: a kept key holds',
      `UPDATE credit_idempotency_keys SET request = jsonb_set(request, '{amount}', '1') WHERE idempotency_key = (SELECT idempotency_key FROM credit_idempotency_keys WHERE request->>'amount' <> '1' LIMIT 1)`,
    ],
    [
      "idempotency: a kept key's result",
      `UPDATE credit_idempotency_keys SET result = jsonb_set(result, '{balance}', '-1') WHERE idempotency_key = (SELECT idempotency_key FROM credit_idempotency_keys LIMIT 1)`,
    ],
    [
      'idempotency: keys are kept',
      `DELETE FROM credit_idempotency_keys WHERE idempotency_key = (SELECT idempotency_key FROM credit_idempotency_keys LIMIT 1)`,
    ],
    [
      'usefulness: each agent',
      `UPDATE agents SET usefulness_score_cached = usefulness_score_cached + 1 WHERE id = (SELECT id FROM agents WHERE usefulness_score_cached < 99 LIMIT 1)`,
    ],
    [
      'usefulness: proofs fall',
      `UPDATE usefulness_proofs SET created_at = $1::timestamptz + interval '1 day' WHERE id = (SELECT id FROM usefulness_proofs LIMIT 1)`,
    ],
    [
      'negotiations: rounds are numbered',
      `UPDATE negotiations SET rounds = jsonb_set(rounds, '{0,proposer_did}', to_jsonb(responder_did)) WHERE id = (SELECT id FROM negotiations WHERE jsonb_array_length(rounds) > 0 LIMIT 1)`,
    ],
    [
      'negotiations: convergence rises',
      `UPDATE negotiations SET rounds = jsonb_set(rounds, '{0,convergence_score}', '0.9999') WHERE id = (SELECT id FROM negotiations WHERE jsonb_array_length(rounds) > 1 LIMIT 1)`,
    ],
    [
      'negotiations: state matches',
      `UPDATE negotiations SET state = 'initiated', final_proposal = NULL WHERE id = (SELECT id FROM negotiations WHERE state = 'rejected' LIMIT 1)`,
      'ALTER TABLE negotiations DISABLE TRIGGER trg_negotiations_state_machine',
    ],
    [
      'negotiations: accepted ones',
      `UPDATE negotiations SET final_proposal = NULL WHERE id = (SELECT id FROM negotiations WHERE state = 'accepted' LIMIT 1)`,
      `ALTER TABLE negotiations DISABLE TRIGGER trg_negotiations_state_machine;
       ALTER TABLE negotiations DROP CONSTRAINT negotiations_final_proposal_when_accepted`,
    ],
    [
      'negotiations: expired ones',
      `UPDATE negotiations SET expires_at = $1::timestamptz + interval '1 day' WHERE id = (SELECT id FROM negotiations WHERE state = 'expired' LIMIT 1)`,
      'ALTER TABLE negotiations DISABLE TRIGGER trg_negotiations_state_machine',
    ],
    [
      'negotiations: incentive splits',
      `UPDATE negotiations SET incentive_split = '{"agent": 0.8, "broker": 0.1, "validator": 0.1, "pool": 0.1}' WHERE id = (SELECT id FROM negotiations LIMIT 1)`,
      'ALTER TABLE negotiations DROP CONSTRAINT negotiations_incentive_split_shape',
    ],
  ];
  it('plants a violation for every check', () => {
    for (const invariant of SEED_INVARIANTS) {
      expect(
        plants.some(([prefix]) => invariant.name.startsWith(prefix)),
        invariant.name,
      ).toBe(true);
    }
  });

  it.each(plants)('the check "%s…" catches a planted violation', async (prefix, plant, setup) => {
    const invariant = SEED_INVARIANTS.find((i) => i.name.startsWith(prefix));
    expect(invariant, prefix).toBeDefined();
    await target.db
      .transaction(async (tx) => {
        if (setup !== undefined) await tx.query(setup);
        const changed = await tx.query(plant, plant.includes('$1') ? [refDate] : []);
        expect(changed.rowCount).toBe(1);
        const { rows } = await tx.query(
          `SELECT (${invariant!.sql}) AS n`,
          invariant!.sql.includes('$1') ? [refDate] : [],
        );
        expect(Number(rows[0]?.n)).toBeGreaterThan(0);
        throw new PlantedRollback();
      })
      .catch((error) => {
        if (!(error instanceof PlantedRollback)) throw error;
      });
  });
});

class PlantedRollback extends Error {}
