import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseClient } from '../src/connection/database-client.js';
import { UnknownCreditAccountError } from '../src/errors.js';
import { json } from '../src/connection/json-parameter.js';
import type { NegotiationRound } from '../src/codegen/jsonb-shapes.js';
import { createKysely } from '../src/kysely/index.js';
import { freshDatabase, testDid } from './support.js';

const round = (n: number, did: string): NegotiationRound => ({
  round_number: n,
  proposer_did: did,
  proposal: { price: 1000 * n, delivery_time_ms: 60_000 },
  proposed_at: `2026-03-02T10:0${n}:00.000Z`,
  convergence_score: 0.5,
});

describe('Kysely on DatabaseClient (createKysely)', async () => {
  const database = await freshDatabase('migrated');
  const db = new DatabaseClient(database.url);
  await db.connect();
  afterAll(() => db.close());
  const kysely = createKysely(db);
  const initiator = testDid();
  const responder = testDid();
  const intent = randomUUID();

  it('inserts every JSONB column as typed, and reads each value back as its JS type', async () => {
    await kysely
      .insertInto('agents')
      .values([
        { did: initiator, public_key: 'pk-i', ttl: 60_000, capabilities: ['compute'] },
        { did: responder, public_key: 'pk-r', ttl: '9007199254740993' },
      ])
      .execute();
    const rounds = [round(1, initiator), round(2, responder)];
    const negotiation = await kysely
      .insertInto('negotiations')
      .values({
        intent_id: intent,
        initiator_did: initiator,
        responder_did: responder,
        expires_at: new Date(Date.now() + 3_600_000),
        rounds: json(rounds),
        current_proposal: rounds[1]!.proposal,
        incentive_split: { agent: 0.7, broker: 0.1, validator: 0.1, pool: 0.1 },
        convergence_score: 0.5,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(negotiation.rounds).toEqual(rounds);
    expect(negotiation.created_at).toBeInstanceOf(Date);
    expect(typeof negotiation.convergence_score).toBe('number');
    expect(negotiation.final_proposal).toBeNull();
    // final_proposal is set exactly when a negotiation is accepted (019).
    const accepted = await kysely
      .insertInto('negotiations')
      .values({
        intent_id: randomUUID(),
        initiator_did: initiator,
        responder_did: responder,
        expires_at: new Date(Date.now() + 3_600_000),
        state: 'accepted',
        final_proposal: json({ price: 2000, custom_terms: { region: 'eu' } }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(accepted.final_proposal).toEqual({ price: 2000, custom_terms: { region: 'eu' } });

    const proof = await kysely
      .insertInto('usefulness_proofs')
      .values({
        intent_id: intent,
        agent_did: responder,
        work_type: 'compute',
        metrics: { cpu_ms: 1200, tokens_processed: 4096 },
        usefulness_score: 80.5,
      })
      .returning(['id', 'metrics', 'usefulness_score', 'attestations'])
      .executeTakeFirstOrThrow();
    expect(proof.metrics).toEqual({ cpu_ms: 1200, tokens_processed: 4096 });
    expect(proof.usefulness_score).toBe(80.5);
    expect(proof.attestations).toBe(null);

    await kysely.insertInto('credit_accounts').values({ agent_did: responder }).execute();
    const transaction = await kysely
      .insertInto('credit_transactions')
      .values({
        agent_did: responder,
        tx_type: 'deposit',
        amount: 5000n,
        metadata: { description: 'a grant', source: 'grant' },
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(transaction.amount).toBe(5000n);
    expect(transaction.metadata).toEqual({ description: 'a grant', source: 'grant' });

    const key = await kysely
      .insertInto('credit_idempotency_keys')
      .values({
        idempotency_key: `key-${randomUUID()}`,
        agent_did: responder,
        operation: 'deposit',
        request: { operation: 'deposit', agent_did: responder, amount: 5000, metadata: {} },
        result: json({
          agent_did: responder,
          balance: 5000,
          reserved: 0,
          earned: 0,
          spent: 0,
          created_at: '2026-03-02T10:00:00.000Z',
          updated_at: '2026-03-02T10:00:00.000Z',
        }),
      })
      .returning(['request', 'result'])
      .executeTakeFirstOrThrow();
    expect(key.request.amount).toBe(5000);
    expect(key.result?.balance).toBe(5000);

    const agents = await kysely
      .selectFrom('agents')
      .select(['did', 'ttl', 'capabilities', 'last_seen_at'])
      .orderBy('did')
      .execute();
    const byDid = new Map(agents.map((agent) => [agent.did, agent]));
    expect(byDid.get(initiator)?.ttl).toBe(60_000n);
    expect(byDid.get(responder)?.ttl).toBe(9007199254740993n);
    expect(byDid.get(initiator)?.capabilities).toEqual(['compute']);
    expect(byDid.get(initiator)?.last_seen_at).toBeInstanceOf(Date);
  });

  it('updates a jsonb array through Kysely and through plain db.query', async () => {
    const { id } = await kysely
      .selectFrom('negotiations')
      .select('id')
      .where('intent_id', '=', intent)
      .executeTakeFirstOrThrow();
    const three = [round(1, initiator), round(2, responder), round(3, initiator)];
    await kysely
      .updateTable('negotiations')
      .set({ rounds: json(three), state: 'proposed' })
      .where('id', '=', id)
      .execute();
    const viaKysely = await kysely
      .selectFrom('negotiations')
      .select(['rounds', 'state'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(viaKysely).toEqual({ rounds: three, state: 'proposed' });

    const empty: NegotiationRound[] = [];
    await db.query('UPDATE negotiations SET rounds = $1 WHERE id = $2', [json(empty), id]);
    const { rows } = await db.query(
      'SELECT rounds, jsonb_typeof(rounds) AS kind FROM negotiations WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ rounds: [], kind: 'array' });
  });

  it('raises the typed credit errors, and destroy() leaves the client open', async () => {
    const error = await sql`SELECT * FROM credit_reserve(${testDid()}, 10, ${randomUUID()})`
      .execute(kysely)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownCreditAccountError);
    await kysely.destroy();
    const { rows } = await db.query<{ one: number }>('SELECT 1 AS one');
    expect(rows[0]?.one).toBe(1);
  });
});
