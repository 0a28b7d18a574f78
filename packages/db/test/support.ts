import pg from 'pg';
import { afterAll, expect, inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database.js';

/** A fresh database for this test file: migrated (cloned from the template) or empty. */
export async function freshDatabase(
  kind: 'migrated' | 'empty',
): Promise<TestDatabase & { pool: pg.Pool }> {
  const database = await createTestDatabase(inject('adminUrl'), {
    template: kind === 'migrated' ? inject('templateDatabase') : undefined,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });
  return { ...database, pool };
}

/** Runs `work` with its own connection to `url` (the runner needs a pg.Client, not a pool). */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Expects `work` to fail with this SQLSTATE (and, when given, this constraint name). */
export async function expectSqlState(
  work: Promise<unknown>,
  sqlState: string,
  constraint?: string,
): Promise<void> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught as { code?: string; constraint?: string },
  );
  expect(error, `expected SQLSTATE ${sqlState}, but the statement succeeded`).toBeDefined();
  expect(error?.code).toBe(sqlState);
  if (constraint !== undefined) expect(error?.constraint).toBe(constraint);
}

export const SQLSTATE = {
  checkViolation: '23514',
  notNullViolation: '23502',
  foreignKeyViolation: '23503',
  uniqueViolation: '23505',
} as const;

let didCounter = 0;
/** A valid, unique did:key for test rows. */
export function testDid(): string {
  didCounter += 1;
  return `did:key:z6MkTest${process.pid}x${didCounter}x${Math.random().toString(36).slice(2, 8)}`;
}

export async function insertAgent(
  client: pg.Pool | pg.PoolClient,
  did = testDid(),
): Promise<string> {
  await client.query('INSERT INTO agents (did, public_key) VALUES ($1, $2)', [did, `pk-${did}`]);
  return did;
}

/** The SQLSTATEs of migration 012's credit functions. */
export const CREDIT_SQLSTATE = {
  insufficientCredit: 'AC001',
  unknownAccount: 'AC002',
  reservationExceeded: 'AC003',
  idempotencyConflict: 'AC004',
  invalidAmount: 'AC005',
  proofNotOwned: 'AC006',
  unknownAgent: 'AC007',
  invalidKey: 'AC008',
} as const;

/** One account next to what its transactions say it should be (all amounts as strings). */
export interface LedgerCheckRow {
  agent_did: string;
  balance: string;
  reserved: string;
  earned: string;
  spent: string;
  ledger_balance: string;
  ledger_reserved: string;
  ledger_earned: string;
  ledger_spent: string;
}

/**
 * Every account with its four ledger equations recomputed from credit_transactions:
 * balance = Σdeposit + Σearn − Σspend, reserved = Σreserve − Σrelease, earned = Σearn, spent = Σspend.
 */
export async function ledgerCheck(client: pg.Pool | pg.PoolClient): Promise<LedgerCheckRow[]> {
  const { rows } = await client.query<LedgerCheckRow>(`
    SELECT a.agent_did, a.balance::text, a.reserved::text, a.earned::text, a.spent::text,
           (coalesce(sum(t.amount) FILTER (WHERE t.tx_type IN ('deposit', 'earn')), 0)
             - coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'spend'), 0))::text AS ledger_balance,
           (coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'reserve'), 0)
             - coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'release'), 0))::text AS ledger_reserved,
           coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'earn'), 0)::text AS ledger_earned,
           coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'spend'), 0)::text AS ledger_spent
      FROM credit_accounts a
      LEFT JOIN credit_transactions t ON t.agent_did = a.agent_did
     GROUP BY a.agent_did
     ORDER BY a.agent_did`);
  return rows;
}

/** Expects every account to satisfy the four ledger equations; returns the rows checked. */
export async function expectLedgerEquations(
  client: pg.Pool | pg.PoolClient,
): Promise<LedgerCheckRow[]> {
  const rows = await ledgerCheck(client);
  for (const row of rows) {
    expect(
      {
        balance: row.balance,
        reserved: row.reserved,
        earned: row.earned,
        spent: row.spent,
      },
      `ledger equations of ${row.agent_did}`,
    ).toEqual({
      balance: row.ledger_balance,
      reserved: row.ledger_reserved,
      earned: row.ledger_earned,
      spent: row.ledger_spent,
    });
  }
  return rows;
}
