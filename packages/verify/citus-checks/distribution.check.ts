import { describe, expect, it } from 'vitest';
import { citusUrl, DISTRIBUTION, withClient } from './support.js';

describe('citus: distribution', () => {
  it('refuses, at COMMIT, to delete a usefulness proof that an earning cites', async () => {
    await withClient(citusUrl(), async (client) => {
      const { rows } = await client.query<{ agent_did: string; id: string }>(
        `SELECT agent_did, usefulness_proof_id AS id FROM credit_transactions
          WHERE tx_type = 'earn' AND usefulness_proof_id IS NOT NULL LIMIT 1`,
      );
      const proof = rows[0]!;
      await client.query('BEGIN');
      await client.query('DELETE FROM usefulness_proofs WHERE agent_did = $1 AND id = $2', [
        proof.agent_did,
        proof.id,
      ]);
      const refused = await client.query('COMMIT').catch((error: Error) => error);
      await client.query('ROLLBACK').catch(() => {});
      // The worker's error comes back as the failed commit of its shard, without the FK's name.
      expect((refused as Error).message).toMatch(
        /credit_transactions_usefulness_proof_id_fkey|could not commit transaction for shard/,
      );
      const kept = await client.query(
        'SELECT 1 FROM usefulness_proofs WHERE agent_did = $1 AND id = $2',
        [proof.agent_did, proof.id],
      );
      expect(kept.rowCount).toBe(1);
    });
  });

  it('every table is hash-distributed on its column as designed, all in one colocation group; the bookkeeping stays local', async ({
    annotate,
  }) => {
    await withClient(citusUrl(), async (client) => {
      const { rows } = await client.query<{
        table: string;
        method: string;
        column: string;
        colocation: number;
      }>(
        `SELECT logicalrelid::text AS table, partmethod AS method,
                column_to_column_name(logicalrelid, partkey) AS column, colocationid AS colocation
           FROM pg_dist_partition ORDER BY 1`,
      );
      const actual = Object.fromEntries(
        rows.map((row) => [row.table, `${row.method} ${row.column}`]),
      );
      expect(actual).toEqual(
        Object.fromEntries(
          Object.entries(DISTRIBUTION).map(([table, column]) => [table, `h ${column}`]),
        ),
      );
      expect(new Set(rows.map((row) => row.colocation)).size).toBe(1);
      const shards = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_dist_shard WHERE logicalrelid = 'agents'::regclass`,
      );
      await annotate(
        `${rows.length} tables in colocation group ${rows[0]?.colocation}, ${shards.rows[0]?.n} shards each`,
      );
    });
  });

  it('keeps every foreign key but the responder one, which a trigger replaces', async () => {
    await withClient(citusUrl(), async (client) => {
      const { rows } = await client.query<{ name: string }>(
        `SELECT conname AS name FROM pg_constraint
          WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1`,
      );
      expect(rows.map((row) => row.name)).toEqual([
        'credit_accounts_agent_did_fkey',
        'credit_idempotency_keys_agent_did_fkey',
        'credit_transactions_agent_did_fkey',
        'credit_transactions_usefulness_proof_id_fkey',
        'negotiations_initiator_did_fkey',
        'trust_scores_agent_did_fkey',
        'usefulness_proofs_agent_did_fkey',
      ]);
      const trigger = await client.query(
        `SELECT 1 FROM pg_trigger WHERE tgname = 'negotiations_responder_exists' AND tgenabled = 'O'`,
      );
      expect(trigger.rowCount).toBe(1);
      const refused = await client
        .query(
          `INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at)
           SELECT gen_random_uuid(), did, 'did:key:z6MkNobodyRegisteredThis', now() + interval '1 hour'
             FROM agents LIMIT 1`,
        )
        .catch((error: Error) => error);
      expect((refused as Error).message).toMatch(/violates the responder check: no agent has DID/);
    });
  });
});
