import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseClient } from '../src/connection/database-client.js';
import {
  CreditOperationError,
  IdempotencyKeyConflictError,
  InsufficientCreditError,
  InvalidCreditAmountError,
  InvalidIdempotencyKeyError,
  ReservationExceededError,
  UnknownAgentError,
  UnknownCreditAccountError,
  UsefulnessProofNotOwnedError,
} from '../src/errors.js';
import {
  CREDIT_SQLSTATE,
  expectLedgerEquations,
  expectSqlState,
  freshDatabase,
  insertAgent,
} from './support.js';

const db = await freshDatabase('migrated');
const client = new DatabaseClient(db.url);
beforeAll(() => client.connect());
afterAll(() => client.close());

const key = () => `key-${randomUUID()}`;

/** Everything a refused call must leave untouched. */
async function ledgerState() {
  const { rows } = await db.pool.query(`
    SELECT (SELECT json_agg(a ORDER BY agent_did) FROM credit_accounts a) AS accounts,
           (SELECT count(*)::int FROM credit_transactions) AS transactions,
           (SELECT count(*)::int FROM credit_idempotency_keys) AS keys`);
  return rows[0];
}

/**
 * Runs a refused call through the typed wrapper, expects its error class and SQLSTATE, and checks
 * that nothing moved; then runs the same call as plain SQL and expects the raw SQLSTATE.
 */
async function expectRefused(
  call: () => Promise<unknown>,
  errorClass: new (...args: never[]) => CreditOperationError,
  sqlState: string,
  sql?: { text: string; values: unknown[] },
): Promise<CreditOperationError> {
  const before = await ledgerState();
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected the call to be refused').toBeInstanceOf(errorClass);
  const typed = error as CreditOperationError;
  expect(typed.sqlState).toBe(sqlState);
  expect(typed.code).toMatch(/^AINP_[A-Z_]+$/);
  // The advice is the server's HINT, carried as it came: the message ends with it. (A refusal
  // before the database is asked, with no server error as its cause, has no HINT.)
  const hint = (typed.cause as { hint?: string } | undefined)?.hint;
  if (typed.cause === undefined) expect(typed.hint).toBeUndefined();
  else {
    expect(hint, `${sqlState} is raised without a HINT`).toMatch(/\S/);
    expect(typed.hint).toBe(hint);
    expect(typed.message.endsWith(`No credit moved and nothing was recorded. ${hint}`)).toBe(true);
  }
  expect(await ledgerState()).toEqual(before);
  if (sql !== undefined) {
    await expectSqlState(db.pool.query(sql.text, sql.values), sqlState);
    const raw = await db.pool.query(sql.text, sql.values).catch((e: { hint?: string }) => e);
    expect((raw as { hint?: string }).hint).toBe(hint);
  }
  return typed;
}

describe('credit_deposit', () => {
  it('opens the account on first use, adds to the balance and writes one deposit row', async () => {
    const did = await insertAgent(db.pool);
    const k = key();
    const account = await client.credits.deposit({
      agentDid: did,
      amount: 1500n,
      idempotencyKey: k,
    });
    expect(account).toMatchObject({
      agent_did: did,
      balance: 1500n,
      reserved: 0n,
      earned: 0n,
      spent: 0n,
    });
    expect(account.updated_at).toBeInstanceOf(Date);
    const again = await client.credits.deposit({
      agentDid: did,
      amount: 500n,
      idempotencyKey: key(),
    });
    expect(again.balance).toBe(2000n);
    const { rows } = await db.pool.query(
      `SELECT tx_type, amount::text, idempotency_key FROM credit_transactions
        WHERE agent_did = $1 ORDER BY credit_transactions.amount DESC`,
      [did],
    );
    expect(rows).toEqual([
      { tx_type: 'deposit', amount: '1500', idempotency_key: k },
      { tx_type: 'deposit', amount: '500', idempotency_key: expect.any(String) },
    ]);
  });

  it('refuses a DID that no agent has (AC007)', async () => {
    const did = 'did:key:zNobodyHasThisDid';
    const error = await expectRefused(
      () => client.credits.deposit({ agentDid: did, amount: 10n, idempotencyKey: key() }),
      UnknownAgentError,
      CREDIT_SQLSTATE.unknownAgent,
      { text: 'SELECT credit_deposit($1, 10, $2)', values: [did, key()] },
    );
    expect(error.message).toContain(`no agent is registered with DID ${did}`);
    expect(error.message).toContain('Register the agent first');
  });
});

describe('credit_earn', () => {
  it('adds to balance and earned, tied to a usefulness proof of the same agent', async () => {
    const did = await insertAgent(db.pool);
    const { rows } = await db.pool.query(
      `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
       VALUES (gen_random_uuid(), $1, 'compute', 80) RETURNING id`,
      [did],
    );
    const proofId = rows[0].id as string;
    const intentId = randomUUID();
    const account = await client.credits.earn({
      agentDid: did,
      amount: 700n,
      idempotencyKey: key(),
      usefulnessProofId: proofId,
      intentId,
    });
    expect(account).toMatchObject({ balance: 700n, earned: 700n, spent: 0n, reserved: 0n });
    const tx = await db.pool.query(
      'SELECT tx_type, usefulness_proof_id, intent_id FROM credit_transactions WHERE agent_did = $1',
      [did],
    );
    expect(tx.rows).toEqual([
      { tx_type: 'earn', usefulness_proof_id: proofId, intent_id: intentId },
    ]);
  });

  it("refuses another agent's proof and a proof that does not exist (AC006)", async () => {
    const owner = await insertAgent(db.pool);
    const other = await insertAgent(db.pool);
    await client.credits.deposit({ agentDid: other, amount: 1n, idempotencyKey: key() });
    const { rows } = await db.pool.query(
      `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
       VALUES (gen_random_uuid(), $1, 'routing', 50) RETURNING id`,
      [owner],
    );
    const error = await expectRefused(
      () =>
        client.credits.earn({
          agentDid: other,
          amount: 10n,
          idempotencyKey: key(),
          usefulnessProofId: rows[0].id,
        }),
      UsefulnessProofNotOwnedError,
      CREDIT_SQLSTATE.proofNotOwned,
      { text: 'SELECT credit_earn($1, 10, $2, $3)', values: [other, key(), rows[0].id] },
    );
    expect(error.message).toContain(`belongs to agent ${owner}, not to ${other}`);
    await expectRefused(
      () =>
        client.credits.earn({
          agentDid: other,
          amount: 10n,
          idempotencyKey: key(),
          usefulnessProofId: randomUUID(),
        }),
      UsefulnessProofNotOwnedError,
      CREDIT_SQLSTATE.proofNotOwned,
    );
  });
});

describe('credit_reserve and immediate credit_spend', () => {
  it('need available credit (balance − reserved) of at least the amount (AC001)', async () => {
    const did = await insertAgent(db.pool);
    await client.credits.deposit({ agentDid: did, amount: 1000n, idempotencyKey: key() });
    const reserved = await client.credits.reserve({
      agentDid: did,
      amount: 600n,
      idempotencyKey: key(),
    });
    expect(reserved).toMatchObject({ balance: 1000n, reserved: 600n });
    const error = await expectRefused(
      () => client.credits.reserve({ agentDid: did, amount: 401n, idempotencyKey: key() }),
      InsufficientCreditError,
      CREDIT_SQLSTATE.insufficientCredit,
      { text: 'SELECT credit_reserve($1, 401, $2)', values: [did, key()] },
    );
    expect(error.message).toContain('has 400 available (balance 1000, reserved 600)');
    await expectRefused(
      () => client.credits.spend({ agentDid: did, amount: 401n, idempotencyKey: key() }),
      InsufficientCreditError,
      CREDIT_SQLSTATE.insufficientCredit,
      { text: 'SELECT credit_spend($1, 401, $2)', values: [did, key()] },
    );
    const spent = await client.credits.spend({
      agentDid: did,
      amount: 400n,
      idempotencyKey: key(),
    });
    expect(spent).toMatchObject({ balance: 600n, reserved: 600n, spent: 400n });
    const { rows } = await db.pool.query(
      `SELECT tx_type FROM credit_transactions WHERE agent_did = $1 ORDER BY created_at, tx_type`,
      [did],
    );
    expect(rows.map((r) => r.tx_type)).toEqual(['deposit', 'reserve', 'spend']);
  });

  it('refuse an agent without a credit account (AC002)', async () => {
    const did = await insertAgent(db.pool);
    for (const call of [
      () => client.credits.reserve({ agentDid: did, amount: 1n, idempotencyKey: key() }),
      () => client.credits.release({ agentDid: did, amount: 1n, idempotencyKey: key() }),
      () => client.credits.spend({ agentDid: did, amount: 1n, idempotencyKey: key() }),
    ]) {
      const error = await expectRefused(
        call,
        UnknownCreditAccountError,
        CREDIT_SQLSTATE.unknownAccount,
      );
      expect(error.message).toContain(`agent ${did} has no credit account`);
    }
    await expectSqlState(
      db.pool.query('SELECT credit_spend($1, 1, $2)', [did, key()]),
      CREDIT_SQLSTATE.unknownAccount,
    );
  });
});

describe('credit_release and settling with credit_spend', () => {
  it('cannot release or settle more than is reserved (AC003)', async () => {
    const did = await insertAgent(db.pool);
    await client.credits.deposit({ agentDid: did, amount: 1000n, idempotencyKey: key() });
    await client.credits.reserve({ agentDid: did, amount: 500n, idempotencyKey: key() });
    await expectRefused(
      () => client.credits.release({ agentDid: did, amount: 501n, idempotencyKey: key() }),
      ReservationExceededError,
      CREDIT_SQLSTATE.reservationExceeded,
      { text: 'SELECT credit_release($1, 501, $2)', values: [did, key()] },
    );
    await expectRefused(
      () =>
        client.credits.spend({
          agentDid: did,
          amount: 501n,
          idempotencyKey: key(),
          fromReservation: true,
        }),
      ReservationExceededError,
      CREDIT_SQLSTATE.reservationExceeded,
      { text: 'SELECT credit_spend($1, 501, $2, true)', values: [did, key()] },
    );
    const released = await client.credits.release({
      agentDid: did,
      amount: 100n,
      idempotencyKey: key(),
    });
    expect(released).toMatchObject({ balance: 1000n, reserved: 400n, spent: 0n });
    const k = key();
    const settled = await client.credits.spend({
      agentDid: did,
      amount: 400n,
      idempotencyKey: k,
      fromReservation: true,
    });
    expect(settled).toMatchObject({ balance: 600n, reserved: 0n, spent: 400n });
    const { rows } = await db.pool.query(
      `SELECT tx_type, amount::text FROM credit_transactions WHERE idempotency_key = $1 ORDER BY tx_type`,
      [k],
    );
    expect(rows).toEqual([
      { tx_type: 'release', amount: '400' },
      { tx_type: 'spend', amount: '400' },
    ]);
    await expectLedgerEquations(db.pool);
  });

  it("with an intent, is limited to that intent's own reservation", async () => {
    const did = await insertAgent(db.pool);
    const [intentA, intentB] = [randomUUID(), randomUUID()];
    await client.credits.deposit({ agentDid: did, amount: 1000n, idempotencyKey: key() });
    await client.credits.reserve({
      agentDid: did,
      amount: 300n,
      idempotencyKey: key(),
      intentId: intentA,
    });
    await client.credits.reserve({
      agentDid: did,
      amount: 200n,
      idempotencyKey: key(),
      intentId: intentB,
    });
    const error = await expectRefused(
      () =>
        client.credits.spend({
          agentDid: did,
          amount: 350n,
          idempotencyKey: key(),
          fromReservation: true,
          intentId: intentA,
        }),
      ReservationExceededError,
      CREDIT_SQLSTATE.reservationExceeded,
    );
    expect(error.message).toContain(`only 300 is reserved for intent ${intentA}`);
    await client.credits.spend({
      agentDid: did,
      amount: 300n,
      idempotencyKey: key(),
      fromReservation: true,
      intentId: intentA,
    });
    await expectRefused(
      () =>
        client.credits.release({
          agentDid: did,
          amount: 1n,
          idempotencyKey: key(),
          intentId: intentA,
        }),
      ReservationExceededError,
      CREDIT_SQLSTATE.reservationExceeded,
    );
    const account = await client.credits.release({
      agentDid: did,
      amount: 200n,
      idempotencyKey: key(),
      intentId: intentB,
    });
    expect(account).toMatchObject({ balance: 700n, reserved: 0n, spent: 300n });
  });
});

describe('argument checks', () => {
  it('refuses amounts that are not positive or would overflow (AC005)', async () => {
    const did = await insertAgent(db.pool);
    await client.credits.deposit({ agentDid: did, amount: 10n, idempotencyKey: key() });
    for (const amount of [0n, -5n]) {
      await expectRefused(
        () => client.credits.deposit({ agentDid: did, amount, idempotencyKey: key() }),
        InvalidCreditAmountError,
        CREDIT_SQLSTATE.invalidAmount,
        { text: 'SELECT credit_deposit($1, $2, $3)', values: [did, String(amount), key()] },
      );
    }
    await expectRefused(
      () =>
        client.credits.deposit({
          agentDid: did,
          amount: 9223372036854775800n,
          idempotencyKey: key(),
        }),
      InvalidCreditAmountError,
      CREDIT_SQLSTATE.invalidAmount,
    );
    await expectSqlState(
      db.pool.query('SELECT credit_reserve($1, NULL, $2)', [did, key()]),
      CREDIT_SQLSTATE.invalidAmount,
    );
  });

  it('refuses a JavaScript number as an amount before asking the database', async () => {
    const did = await insertAgent(db.pool);
    const error = await expectRefused(
      () =>
        client.credits.deposit({
          agentDid: did,
          amount: 1.5 as unknown as bigint,
          idempotencyKey: key(),
        }),
      InvalidCreditAmountError,
      CREDIT_SQLSTATE.invalidAmount,
    );
    expect(error.message).toContain('Invalid amount 1.5 (number)');
    expect(error.cause).toBeUndefined();
  });

  it('refuses an idempotency key that is empty, NULL or longer than 255 characters (AC008)', async () => {
    const did = await insertAgent(db.pool);
    for (const idempotencyKey of ['', 'k'.repeat(256)]) {
      await expectRefused(
        () => client.credits.deposit({ agentDid: did, amount: 1n, idempotencyKey }),
        InvalidIdempotencyKeyError,
        CREDIT_SQLSTATE.invalidKey,
        { text: 'SELECT credit_deposit($1, 1, $2)', values: [did, idempotencyKey] },
      );
    }
    await expectSqlState(
      db.pool.query('SELECT credit_deposit($1, 1, NULL)', [did]),
      CREDIT_SQLSTATE.invalidKey,
    );
    const ok = await client.credits.deposit({
      agentDid: did,
      amount: 1n,
      idempotencyKey: 'k'.repeat(255),
    });
    expect(ok.balance).toBe(1n);
  });
});

describe('DatabaseClient error mapping', () => {
  it('maps the AC SQLSTATEs from query() and transaction(), keeping the server error as cause', async () => {
    const did = await insertAgent(db.pool);
    await client.credits.deposit({ agentDid: did, amount: 5n, idempotencyKey: key() });
    const viaQuery = await client
      .query('SELECT * FROM credit_spend($1, 6, $2)', [did, key()])
      .catch((e: unknown) => e);
    expect(viaQuery).toBeInstanceOf(InsufficientCreditError);
    expect((viaQuery as Error).message).toMatch(
      /^Insufficient credit: agent .* has 5 available .* No credit moved and nothing was recorded\. Deposit or earn more/,
    );
    expect(((viaQuery as Error).cause as { code: string }).code).toBe('AC001');
    expect((viaQuery as InsufficientCreditError).code).toBe('AINP_INSUFFICIENT_CREDITS');

    const first = key();
    await client.credits.deposit({ agentDid: did, amount: 1n, idempotencyKey: first });
    const viaTransaction = await client
      .transaction((tx) => tx.query('SELECT credit_deposit($1, 2, $2)', [did, first]))
      .catch((e: unknown) => e);
    expect(viaTransaction).toBeInstanceOf(IdempotencyKeyConflictError);
    const conflict = viaTransaction as IdempotencyKeyConflictError;
    expect(conflict.code).toBe('AINP_IDEMPOTENCY_KEY_CONFLICT');
    expect(conflict.hint).toBe((conflict.cause as { hint?: string }).hint);
    expect(conflict.message.endsWith(` ${conflict.hint}`)).toBe(true);

    const other = await client.query('SELECT 1/0').catch((e: unknown) => e);
    expect(other).not.toBeInstanceOf(CreditOperationError);
    expect((other as { code: string }).code).toBe('22012');
  });

  it('leaves the four ledger equations true on every account', async () => {
    const rows = await expectLedgerEquations(db.pool);
    expect(rows.length).toBeGreaterThan(5);
  });
});
