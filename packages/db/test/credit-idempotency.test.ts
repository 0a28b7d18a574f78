import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreditAccountRow } from '../src/generated/database-types.js';
import { DatabaseClient } from '../src/connection/database-client.js';
import { IdempotencyKeyConflictError, InsufficientCreditError } from '../src/errors.js';
import {
  CREDIT_SQLSTATE,
  expectLedgerEquations,
  expectSqlState,
  freshDatabase,
  insertAgent,
} from './support.js';

const db = await freshDatabase('migrated');
const client = new DatabaseClient({ connectionString: db.url, pool: { max: 20 } });
beforeAll(() => client.connect());
afterAll(() => client.close());

const key = () => `key-${randomUUID()}`;

async function fundedAgent(amount = 10_000n): Promise<string> {
  const did = await insertAgent(db.pool);
  await client.credits.deposit({ agentDid: did, amount, idempotencyKey: key() });
  return did;
}

async function rowsForKey(idempotencyKey: string): Promise<string[]> {
  const { rows } = await db.pool.query(
    'SELECT tx_type FROM credit_transactions WHERE idempotency_key = $1 ORDER BY tx_type',
    [idempotencyKey],
  );
  return rows.map((row) => row.tx_type as string);
}

describe('a retry with the same key and arguments', () => {
  it('returns the first result and moves no money, for every operation', async () => {
    const did = await fundedAgent();
    const proof = await db.pool.query(
      `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
       VALUES (gen_random_uuid(), $1, 'memory', 70) RETURNING id`,
      [did],
    );
    const intentId = randomUUID();
    const calls: [string[], (k: string) => Promise<CreditAccountRow>][] = [
      [
        ['deposit'],
        (k) =>
          client.credits.deposit({
            agentDid: did,
            amount: 100n,
            idempotencyKey: k,
            metadata: { description: 'top-up', source: 'purchase' },
          }),
      ],
      [
        ['earn'],
        (k) =>
          client.credits.earn({
            agentDid: did,
            amount: 40n,
            idempotencyKey: k,
            usefulnessProofId: proof.rows[0].id,
          }),
      ],
      [
        ['reserve'],
        (k) => client.credits.reserve({ agentDid: did, amount: 300n, idempotencyKey: k, intentId }),
      ],
      [
        ['release'],
        (k) => client.credits.release({ agentDid: did, amount: 50n, idempotencyKey: k, intentId }),
      ],
      [
        ['release', 'spend'],
        (k) =>
          client.credits.spend({
            agentDid: did,
            amount: 200n,
            idempotencyKey: k,
            fromReservation: true,
            intentId,
          }),
      ],
      [['spend'], (k) => client.credits.spend({ agentDid: did, amount: 70n, idempotencyKey: k })],
    ];
    for (const [txTypes, call] of calls) {
      const k = key();
      const first = await call(k);
      const retry = await call(k);
      expect(retry, `retry of ${txTypes.join('+')}`).toEqual(first);
      expect(await rowsForKey(k)).toEqual(txTypes);
    }
    const { rows } = await db.pool.query(
      'SELECT balance::text, reserved::text, earned::text, spent::text FROM credit_accounts WHERE agent_did = $1',
      [did],
    );
    // 10000 + 100 + 40 − 200 − 70; reserved 300 − 50 − 200; each operation counted once.
    expect(rows[0]).toEqual({ balance: '9870', reserved: '50', earned: '40', spent: '270' });
  });

  it('returns the state the first call produced, even after the account moved on', async () => {
    const did = await fundedAgent(1000n);
    const k = key();
    const first = await client.credits.reserve({ agentDid: did, amount: 100n, idempotencyKey: k });
    await client.credits.spend({ agentDid: did, amount: 300n, idempotencyKey: key() });
    const retry = await client.credits.reserve({ agentDid: did, amount: 100n, idempotencyKey: k });
    expect(retry).toEqual(first);
    expect(retry).toMatchObject({ balance: 1000n, reserved: 100n });
  });

  it('moves money once when ten copies arrive at the same time', async () => {
    const did = await fundedAgent(0n + 1n);
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        client.credits.deposit({ agentDid: did, amount: 250n, idempotencyKey: k }),
      ),
    );
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]?.balance).toBe(251n);
    expect(await rowsForKey(k)).toEqual(['deposit']);
  });
});

describe('the same key with different arguments', () => {
  it('is refused (AC004) whatever differs, and nothing moves', async () => {
    const did = await fundedAgent(1000n);
    const otherDid = await fundedAgent(1000n);
    const k = key();
    await client.credits.reserve({ agentDid: did, amount: 100n, idempotencyKey: k });
    const variants = [
      () => client.credits.reserve({ agentDid: did, amount: 101n, idempotencyKey: k }),
      () => client.credits.spend({ agentDid: did, amount: 100n, idempotencyKey: k }),
      () =>
        client.credits.reserve({
          agentDid: did,
          amount: 100n,
          idempotencyKey: k,
          intentId: randomUUID(),
        }),
      () =>
        client.credits.reserve({
          agentDid: did,
          amount: 100n,
          idempotencyKey: k,
          metadata: { description: 'x' },
        }),
    ];
    for (const variant of variants) {
      const error = await variant().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdempotencyKeyConflictError);
      expect((error as Error).message).toContain(`Idempotency key "${k}" was already used`);
    }
    await expectSqlState(
      db.pool.query('SELECT credit_deposit($1, 100, $2)', [did, k]),
      CREDIT_SQLSTATE.idempotencyConflict,
    );
    expect(await rowsForKey(k)).toEqual(['reserve']);
    const { rows } = await db.pool.query(
      'SELECT agent_did, balance::text, reserved::text FROM credit_accounts WHERE agent_did IN ($1, $2) ORDER BY agent_did = $1 DESC',
      [did, otherDid],
    );
    expect(rows).toEqual([
      { agent_did: did, balance: '1000', reserved: '100' },
      { agent_did: otherDid, balance: '1000', reserved: '0' },
    ]);
  });

  it('is scoped to its agent (035): two agents may use the same key, concurrently, each once', async () => {
    const [a, b] = [await fundedAgent(), await fundedAgent()];
    for (let round = 0; round < 5; round += 1) {
      const k = key();
      const [first, second] = await Promise.all([
        client.credits.deposit({ agentDid: a, amount: 5n, idempotencyKey: k }),
        client.credits.deposit({ agentDid: b, amount: 5n, idempotencyKey: k }),
      ]);
      expect([first.agent_did, second.agent_did]).toEqual([a, b]);
      expect(await rowsForKey(k)).toEqual(['deposit', 'deposit']);
      // A retry of either is still answered from its own first result.
      expect(await client.credits.deposit({ agentDid: b, amount: 5n, idempotencyKey: k })).toEqual(
        second,
      );
    }
    await expectLedgerEquations(db.pool);
  });
});

describe('a refused call', () => {
  it('records no key, so the same key may succeed once the rule allows it', async () => {
    const did = await fundedAgent(100n);
    const k = key();
    const refused = await client.credits
      .reserve({ agentDid: did, amount: 150n, idempotencyKey: k })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InsufficientCreditError);
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM credit_idempotency_keys WHERE idempotency_key = $1',
      [k],
    );
    expect(rows[0].n).toBe(0);
    await client.credits.deposit({ agentDid: did, amount: 100n, idempotencyKey: key() });
    const account = await client.credits.reserve({
      agentDid: did,
      amount: 150n,
      idempotencyKey: k,
    });
    expect(account).toMatchObject({ balance: 200n, reserved: 150n });
    await expectLedgerEquations(db.pool);
  });
});
