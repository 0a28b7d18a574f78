import { describe, expect, it } from 'vitest';
import { agentDid, citusUrl, withClient } from './support.js';

/** A login role of the ainp_app group, as a service would have (docs/database-rules.md). */
const SERVICE = 'ainp_citus_check_service';

const sqlState = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
  );

describe('citus: the service role (018) on the shards', () => {
  it('an ainp_app member moves credit only through the functions; the append-only ledger holds on every shard', async () => {
    const did = agentDid('Service', 1);
    await withClient(citusUrl(), async (owner) => {
      await owner.query(`DROP ROLE IF EXISTS ${SERVICE}`);
      await owner.query(`CREATE ROLE ${SERVICE} LOGIN`);
      await owner.query(`GRANT ainp_app TO ${SERVICE}`);
      await owner.query(`INSERT INTO agents (did, public_key) VALUES ($1, 'k')`, [did]);
    });
    const url = new URL(citusUrl());
    url.username = SERVICE;
    url.password = '';
    try {
      await withClient(url.toString(), async (service) => {
        const proof = await service.query<{ id: string }>(
          `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score, created_at)
           VALUES (gen_random_uuid(), $1, 'compute', 70, now() - interval '1 hour') RETURNING id`,
          [did],
        );
        const proofId = proof.rows[0]!.id;
        await service.query(`SELECT credit_deposit($1, 1000, 'service-deposit')`, [did]);
        await service.query(`SELECT credit_earn($1, 500, 'service-earn', $2)`, [did, proofId]);
        expect(
          await sqlState(
            service.query(`SELECT credit_earn($1, 5, 'service-again', $2)`, [did, proofId]),
          ),
        ).toMatch(/^AC009: /);
        const balance = await service.query(
          `SELECT balance::text FROM credit_accounts WHERE agent_did = $1`,
          [did],
        );
        expect(balance.rows[0]?.balance).toBe('1500');
        for (const statement of [
          `UPDATE credit_accounts SET balance = balance + 1000000 WHERE agent_did = '${did}'`,
          `INSERT INTO credit_transactions (agent_did, tx_type, amount) VALUES ('${did}', 'deposit', 1)`,
          `DELETE FROM credit_transactions WHERE agent_did = '${did}'`,
          `TRUNCATE credit_transactions`,
        ]) {
          expect(await sqlState(service.query(statement)), statement).toMatch(
            /^42501: permission denied/,
          );
        }
        // The cascade runs as the table owner on the shard; the trigger still sees the service.
        expect(await sqlState(service.query(`DELETE FROM agents WHERE did = $1`, [did]))).toMatch(
          /^42501: credit_transactions is append-only: DELETE refused for role/,
        );
        const ledger = await service.query(
          `SELECT count(*)::int AS n FROM credit_transactions WHERE agent_did = $1`,
          [did],
        );
        expect(ledger.rows[0]?.n).toBe(2);
      });
    } finally {
      await withClient(citusUrl(), (owner) => owner.query(`DROP ROLE IF EXISTS ${SERVICE}`));
    }
  });
});
