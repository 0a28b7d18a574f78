import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CreditOperations } from '../src/credits/credit-operations.js';
import {
  InvalidCreditMetadataError,
  InvalidIdempotencyKeyError,
  UsefulnessProofAlreadyPaidError,
  UsefulnessProofInFutureError,
} from '../src/errors.js';
import {
  CREDIT_SQLSTATE,
  expectSqlState,
  freshDatabase,
  insertAgent,
  insertNegotiation,
  insertProof,
  serviceLogin,
  SQLSTATE,
  testDid,
} from './support.js';

/**
 * Every rule of migrations 015-028, tried as the database owner and as a LOGIN role that is a
 * member of ainp_app (what a service uses): each invalid write is refused with its SQLSTATE and
 * constraint, and the valid ones still work.
 */
const db = await freshDatabase('migrated');
const service = await serviceLogin(db);
const clients: pg.Client[] = [];
afterAll(() => Promise.all(clients.map((client) => client.end())));

async function connectAs(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

const PERMISSION_DENIED = '42501';
const HOUR = 3_600_000;

describe.each([
  { as: 'the owner', url: db.url, owner: true },
  { as: 'an ainp_app member', url: service.url, owner: false },
])('as $as', ({ url, owner }) => {
  const client = connectAs(url);
  const credits = client.then((c) => new CreditOperations(c));

  describe('one payout per proof (016, 017)', () => {
    it('pays a proof once, refuses a second earn (AC009) and a future proof (AC010), and still pays without a proof', async () => {
      const did = await insertAgent(await client);
      const proof = await insertProof(await client, did);
      const ops = await credits;
      await ops.earn({
        agentDid: did,
        amount: 100n,
        idempotencyKey: randomUUID(),
        usefulnessProofId: String(proof.id),
      });
      const again = ops.earn({
        agentDid: did,
        amount: 5_000_000n,
        idempotencyKey: randomUUID(),
        usefulnessProofId: String(proof.id),
      });
      await expect(again).rejects.toBeInstanceOf(UsefulnessProofAlreadyPaidError);
      await expect(again).rejects.toMatchObject({ sqlState: CREDIT_SQLSTATE.proofAlreadyPaid });

      const future = await insertProof(await client, did, {
        created_at: new Date(Date.now() + 24 * HOUR),
      });
      await expect(
        ops.earn({
          agentDid: did,
          amount: 1n,
          idempotencyKey: randomUUID(),
          usefulnessProofId: String(future.id),
        }),
      ).rejects.toBeInstanceOf(UsefulnessProofInFutureError);

      const account = await ops.earn({ agentDid: did, amount: 7n, idempotencyKey: randomUUID() });
      expect(account.balance).toBe(107n);
      const { rows } = await (
        await client
      ).query(
        "SELECT count(*)::int AS n FROM credit_transactions WHERE agent_did = $1 AND tx_type = 'earn'",
        [did],
      );
      expect(rows[0].n).toBe(2);
    });

    it('refuses a second earn row for a proof written directly', async () => {
      const did = await insertAgent(db.pool);
      const proof = await insertProof(db.pool, did);
      await (
        await credits
      ).earn({
        agentDid: did,
        amount: 10n,
        idempotencyKey: randomUUID(),
        usefulnessProofId: String(proof.id),
      });
      const insert = (await client).query(
        `INSERT INTO credit_transactions (agent_did, tx_type, amount, usefulness_proof_id, idempotency_key)
         VALUES ($1, 'earn', 10, $2, 'direct')`,
        [did, proof.id],
      );
      if (owner)
        await expectSqlState(
          insert,
          SQLSTATE.uniqueViolation,
          'idx_credit_transactions_one_earn_per_agent_proof',
        );
      else await expectSqlState(insert, PERMISSION_DENIED);
    });
  });

  describe('idempotency keys and metadata (023, 027)', () => {
    it.each([' ', '   ', '\t\n'])('refuses the blank key %j with AC008', async (key) => {
      const did = await insertAgent(db.pool);
      await expect(
        (await credits).deposit({ agentDid: did, amount: 1n, idempotencyKey: key }),
      ).rejects.toBeInstanceOf(InvalidIdempotencyKeyError);
    });

    it.each([
      ['an array', [1, 2]],
      ['a string', 'note'],
      ['17 kB', { description: 'x'.repeat(17_000) }],
    ])('refuses metadata that is %s with AC011, and moves nothing', async (_, metadata) => {
      const did = await insertAgent(db.pool);
      await expect(
        (await credits).deposit({
          agentDid: did,
          amount: 1n,
          idempotencyKey: randomUUID(),
          metadata: metadata as never,
        }),
      ).rejects.toBeInstanceOf(InvalidCreditMetadataError);
      const { rows } = await db.pool.query(
        'SELECT count(*)::int AS n FROM credit_accounts WHERE agent_did = $1',
        [did],
      );
      expect(rows[0].n).toBe(0);
    });
  });

  describe('the ledger changes only through the credit functions (018)', () => {
    it('runs every credit function and the maintenance functions', async () => {
      const did = await insertAgent(await client);
      const proof = await insertProof(await client, did);
      const ops = await credits;
      const intentId = randomUUID();
      await ops.deposit({ agentDid: did, amount: 1_000n, idempotencyKey: randomUUID() });
      await ops.earn({
        agentDid: did,
        amount: 500n,
        idempotencyKey: randomUUID(),
        usefulnessProofId: String(proof.id),
      });
      await ops.reserve({ agentDid: did, amount: 300n, idempotencyKey: randomUUID(), intentId });
      await ops.release({ agentDid: did, amount: 100n, idempotencyKey: randomUUID(), intentId });
      await ops.spend({
        agentDid: did,
        amount: 200n,
        idempotencyKey: randomUUID(),
        intentId,
        fromReservation: true,
      });
      const account = await ops.spend({ agentDid: did, amount: 50n, idempotencyKey: randomUUID() });
      expect([account.balance, account.reserved, account.earned, account.spent]).toEqual([
        1_250n,
        0n,
        500n,
        250n,
      ]);
      const c = await client;
      expect((await c.query('SELECT refresh_usefulness_cache($1) AS n', [did])).rows[0].n).toBe(1);
      expect(
        (await c.query('SELECT refresh_usefulness_cache_as_of(now(), $1) AS n', [did])).rows[0].n,
      ).toBe(1);
      expect(
        (await c.query('SELECT expire_stale_negotiations() AS n')).rows[0].n,
      ).toBeGreaterThanOrEqual(0);
    });

    it.runIf(!owner)(
      'refuses every direct change of a balance, a ledger row or a key',
      async () => {
        const did = await insertAgent(db.pool);
        await new CreditOperations(db.pool).deposit({
          agentDid: did,
          amount: 10n,
          idempotencyKey: `k-${did}`,
        });
        const c = await client;
        for (const sql of [
          `UPDATE credit_accounts SET balance = balance + 1000000 WHERE agent_did = '${did}'`,
          `INSERT INTO credit_transactions (agent_did, tx_type, amount) VALUES ('${did}', 'deposit', 1000000)`,
          `UPDATE credit_transactions SET amount = 1000000 WHERE agent_did = '${did}'`,
          `DELETE FROM credit_transactions WHERE agent_did = '${did}'`,
          'TRUNCATE credit_transactions',
          `INSERT INTO credit_idempotency_keys (idempotency_key, operation, agent_did, request)
         VALUES ('forged', 'deposit', '${did}', '{}')`,
          `DELETE FROM credit_idempotency_keys WHERE agent_did = '${did}'`,
          'DELETE FROM migrations',
          `SELECT credit_claim_key('forged', '{"operation": "deposit", "agent_did": "${did}"}')`,
        ]) {
          await expectSqlState(c.query(sql), PERMISSION_DENIED);
        }
        // Nor around the privileges: deleting the agent would cascade into its ledger rows.
        await expectSqlState(
          c.query('DELETE FROM agents WHERE did = $1', [did]),
          PERMISSION_DENIED,
          'credit_transactions_append_only',
        );
        const { rows } = await db.pool.query(
          'SELECT balance::int, (SELECT count(*)::int FROM credit_transactions WHERE agent_did = $1) AS rows FROM credit_accounts WHERE agent_did = $1',
          [did],
        );
        expect(rows[0]).toEqual({ balance: 10, rows: 1 });
      },
    );

    it.runIf(!owner)('reads every table and writes the four service tables', async () => {
      const c = await client;
      for (const table of [
        'credit_accounts',
        'credit_transactions',
        'credit_idempotency_keys',
        'migrations',
      ]) {
        await c.query(`SELECT count(*) FROM ${table}`);
      }
      const did = await insertAgent(c);
      await c.query('INSERT INTO trust_scores (agent_did) VALUES ($1)', [did]);
      await c.query('UPDATE trust_scores SET score = 0.9 WHERE agent_did = $1', [did]);
      await c.query('DELETE FROM agents WHERE did = $1', [did]);
    });

    it.runIf(owner)('keeps ledger rows changeable by the owner only', async () => {
      const did = await insertAgent(db.pool);
      await new CreditOperations(db.pool).deposit({
        agentDid: did,
        amount: 10n,
        idempotencyKey: `o-${did}`,
      });
      const updated = await db.pool.query(
        'UPDATE credit_transactions SET metadata = \'{"description": "fixed"}\' WHERE agent_did = $1',
        [did],
      );
      expect(updated.rowCount).toBe(1);
      // The owner may also delete an agent with a ledger: the cascade removes its rows.
      await db.pool.query('DELETE FROM agents WHERE did = $1', [did]);
    });
  });

  describe('the negotiation state machine (019, 020)', () => {
    it('walks initiated -> proposed -> counter_proposed -> accepted, then the negotiation no longer changes', async () => {
      const c = await client;
      const [a, b] = [await insertAgent(c), await insertAgent(c)];
      const { id } = await insertNegotiation(c, a, b);
      const move = (state: string, extra = '') =>
        c.query(`UPDATE negotiations SET state = $2${extra} WHERE id = $1`, [id, state]);
      await move('proposed');
      await move('counter_proposed');
      await move('proposed');
      await move('counter_proposed');
      await expectSqlState(
        move('accepted'),
        SQLSTATE.checkViolation,
        'negotiations_final_proposal_when_accepted',
      );
      await move('accepted', `, final_proposal = '{"price": 10}'`);
      await expectSqlState(
        move('initiated', ', final_proposal = NULL'),
        SQLSTATE.checkViolation,
        'negotiations_terminal_unchanged',
      );
      await expectSqlState(
        c.query("UPDATE negotiations SET rounds = '[]' WHERE id = $1", [id]),
        SQLSTATE.checkViolation,
        'negotiations_terminal_unchanged',
      );
      const { rows } = await c.query('SELECT state FROM negotiations WHERE id = $1', [id]);
      expect(rows[0].state).toBe('accepted');
    });

    it.each([
      ['initiated', 'accepted', `, final_proposal = '{"price": 1}'`],
      ['initiated', 'counter_proposed', ''],
      ['initiated', 'rejected', ''],
      ['proposed', 'initiated', ''],
    ])('refuses %s -> %s', async (from, to, extra) => {
      const c = await client;
      const { id } = await insertNegotiation(c, await insertAgent(c), await insertAgent(c), {
        state: from,
      });
      await expectSqlState(
        c.query(`UPDATE negotiations SET state = $2${extra} WHERE id = $1`, [id, to]),
        SQLSTATE.checkViolation,
        'negotiations_state_transition',
      );
    });

    it('lets expire_stale_negotiations() expire live negotiations and leaves terminal ones alone', async () => {
      const c = await client;
      const [a, b] = [await insertAgent(c), await insertAgent(c)];
      const past = {
        created_at: new Date(Date.now() - 2 * HOUR),
        expires_at: new Date(Date.now() - HOUR),
      };
      const live = await insertNegotiation(c, a, b, { ...past, state: 'counter_proposed' });
      const done = await insertNegotiation(c, a, b, { ...past, state: 'rejected' });
      await c.query('SELECT expire_stale_negotiations()');
      const { rows } = await c.query(
        'SELECT id, state FROM negotiations WHERE id = ANY ($1) ORDER BY state',
        [[live.id, done.id]],
      );
      expect(rows).toEqual([
        { id: live.id, state: 'expired' },
        { id: done.id, state: 'rejected' },
      ]);
    });
  });

  describe('identities, time and JSON shapes (021-028)', () => {
    const far = new Date(Date.now() + 24 * HOUR);
    it.each([
      ['did:key:', 'agents_did_syntax'],
      ['did:key:a b', 'agents_did_syntax'],
      ['did:key:z6Mk0OIl', 'agents_did_syntax'],
      [`did:key:z${'a'.repeat(200_000)}`, 'agents_did_syntax'],
      ['did:web:', 'agents_did_syntax'],
      ['did:web:-host.example', 'agents_did_syntax'],
      ['did:web:host.example:', 'agents_did_syntax'],
      ['did:web:host.example%3A', 'agents_did_syntax'],
      ['did:web:host.example%3Ahttp', 'agents_did_syntax'],
      ['did:web:host .example', 'agents_did_syntax'],
      ['did:web:host.example\n', 'agents_did_syntax'],
    ])('refuses the DID %j', async (did, constraint) => {
      await expectSqlState(
        (await client).query('INSERT INTO agents (did, public_key) VALUES ($1, $2)', [did, 'pk']),
        SQLSTATE.checkViolation,
        constraint,
      );
    });

    it('accepts did:web with a port and a path, and did:key in base58btc', async () => {
      const c = await client;
      const unique = testDid().slice('did:key:z'.length);
      for (const did of [
        `did:web:${unique}.example.com%3A8443:users:alice`,
        `did:web:${unique}.example`,
        `did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK${unique}`,
      ]) {
        await c.query('INSERT INTO agents (did, public_key) VALUES ($1, $2)', [did, 'z6Mkpk']);
      }
    });

    it.each([
      ['public key empty', { public_key: '' }, 'agents_public_key_format'],
      ['public key with a space', { public_key: 'pk one' }, 'agents_public_key_format'],
      ['capability empty', { capabilities: [''] }, 'agents_capabilities_format'],
      ['capability untrimmed', { capabilities: [' translate'] }, 'agents_capabilities_format'],
      [
        'capability of 65 characters',
        { capabilities: ['c'.repeat(65)] },
        'agents_capabilities_format',
      ],
      ['capability NULL', { capabilities: ['ok', null] }, 'agents_capabilities_format'],
      [
        'created at infinity',
        { created_at: 'infinity', last_seen_at: 'infinity' },
        'agents_timestamps_finite',
      ],
      ['last seen at -infinity', { last_seen_at: '-infinity' }, 'agents_last_seen_after_created'],
      ['expiring at infinity', { expires_at: 'infinity' }, 'agents_timestamps_finite'],
      [
        'expiring before creation',
        { created_at: far, last_seen_at: far, expires_at: new Date() },
        'agents_expires_after_created',
      ],
      [
        'seen before creation',
        { created_at: far, last_seen_at: new Date() },
        'agents_last_seen_after_created',
      ],
    ])('refuses an agent with its %s', async (_, fields, constraint) => {
      const row = { did: testDid(), public_key: 'pk', ...fields };
      const columns = Object.keys(row);
      await expectSqlState(
        (await client).query(
          `INSERT INTO agents (${columns.join(', ')}) VALUES (${columns.map((_c, i) => `$${i + 1}`).join(', ')})`,
          Object.values(row),
        ),
        SQLSTATE.checkViolation,
        constraint,
      );
    });

    it('refuses infinite trust and proof timestamps', async () => {
      const c = await client;
      const did = await insertAgent(c);
      await expectSqlState(
        c.query("INSERT INTO trust_scores (agent_did, last_updated) VALUES ($1, 'infinity')", [
          did,
        ]),
        SQLSTATE.checkViolation,
        'trust_scores_timestamps_finite',
      );
      await expectSqlState(
        insertProof(c, did, { created_at: '-infinity' }),
        SQLSTATE.checkViolation,
        'usefulness_proofs_timestamps_finite',
      );
    });

    it.each([
      ['expiring at infinity', { expires_at: 'infinity' }, 'negotiations_timestamps_finite'],
      [
        'expiring before creation',
        { created_at: far, expires_at: new Date() },
        'negotiations_expires_after_created',
      ],
      ['with rounds as an object', { rounds: { round_number: 1 } }, 'negotiations_rounds_shape'],
      [
        'with 25 rounds under max_rounds 10',
        {
          rounds: JSON.stringify(Array.from({ length: 25 }, (_r, i) => ({ round_number: i + 1 }))),
        },
        'negotiations_rounds_shape',
      ],
      [
        'with a split summing to 1.5',
        { incentive_split: { agent: 0.7, broker: 0.3, validator: 0.3, pool: 0.2 } },
        'negotiations_incentive_split_shape',
      ],
      [
        'with a negative share',
        { incentive_split: { agent: 1.1, broker: -0.1, validator: 0, pool: 0 } },
        'negotiations_incentive_split_shape',
      ],
      [
        'with a fifth share',
        { incentive_split: { agent: 0.7, broker: 0.1, validator: 0.1, pool: 0.1, tip: 0 } },
        'negotiations_incentive_split_shape',
      ],
      [
        'with a split as an array',
        { incentive_split: JSON.stringify([0.7, 0.1, 0.1, 0.1]) },
        'negotiations_incentive_split_shape',
      ],
      [
        'with a proposal as a string',
        { current_proposal: JSON.stringify('cheap') },
        'negotiations_current_proposal_shape',
      ],
      [
        'with a 10 MB proposal',
        { current_proposal: { price: 1, custom_terms: { blob: 'x'.repeat(10_000_000) } } },
        'negotiations_current_proposal_shape',
      ],
      [
        'accepted with no final proposal',
        { state: 'accepted' },
        'negotiations_final_proposal_when_accepted',
      ],
      [
        'proposed with a final proposal',
        { state: 'proposed', final_proposal: { price: 1 } },
        'negotiations_final_proposal_when_accepted',
      ],
      [
        'accepted with a final proposal that is an array',
        { state: 'accepted', final_proposal: JSON.stringify([1]) },
        'negotiations_final_proposal_shape',
      ],
    ])('refuses a negotiation %s', async (_, fields, constraint) => {
      const c = await client;
      await expectSqlState(
        insertNegotiation(c, await insertAgent(c), await insertAgent(c), fields),
        SQLSTATE.checkViolation,
        constraint,
      );
    });

    it('accepts a split summing to 1 within 1e-9 and a full set of rounds', async () => {
      const c = await client;
      await insertNegotiation(c, await insertAgent(c), await insertAgent(c), {
        incentive_split: { agent: 0.7, broker: 0.1, validator: 0.1, pool: 0.1 + 5e-10 },
        max_rounds: 3,
        rounds: JSON.stringify([{ round_number: 1 }, { round_number: 2 }, { round_number: 3 }]),
      });
    });

    it.each([
      ['metrics as an array', 'compute', JSON.stringify([1])],
      ['a negative cpu_ms', 'compute', { cpu_ms: -1 }],
      ['bytes_stored as a string', 'memory', { bytes_stored: '10' }],
      [
        'a negative accuracy',
        'validation',
        { items_validated: 1, errors_found: 0, accuracy: -0.5 },
      ],
      ['metrics over 64 kB', 'learning', { training_samples: 1, model_id: 'm'.repeat(70_000) }],
    ])('refuses a proof with %s', async (_, work_type, metrics) => {
      const c = await client;
      await expectSqlState(
        insertProof(c, await insertAgent(c), { work_type, metrics }),
        SQLSTATE.checkViolation,
        'usefulness_proofs_metrics_shape',
      );
    });
  });
});
