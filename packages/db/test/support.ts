import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { expect, inject } from 'vitest';
import type { CatalogSnapshot } from '../src/codegen/catalog-snapshot.js';
import { createServiceLogin, type ServiceLogin } from '../src/testing/service-login.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database.js';
import { cleanUpLater } from '../src/testing/clean-up-later.js';
import { withClient } from '../src/testing/with-client.js';

export { withClient };

/**
 * A fresh database: migrated (cloned from the template) or empty. Dropped when the test that
 * asked for it finishes, or after the file when asked for at the top of the file.
 */
export async function freshDatabase(
  kind: 'migrated' | 'empty',
): Promise<TestDatabase & { pool: pg.Pool }> {
  const database = await createTestDatabase(inject('adminUrl'), {
    template: kind === 'migrated' ? inject('templateDatabase') : undefined,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  // pool.end() resolves before its connections have closed; wait for them, or DROP DATABASE ...
  // WITH (FORCE) terminates one still closing and its FATAL surfaces as an uncaught error.
  const closed: Promise<unknown>[] = [];
  pool.on('connect', (client) => closed.push(once(client, 'end')));
  cleanUpLater(async () => {
    await pool.end();
    await Promise.all(closed);
    await database.drop();
  });
  return { ...database, pool };
}

/**
 * Expects `work` to fail with this SQLSTATE and, when given, this constraint name (a string) or
 * this constraint and/or column (NOT NULL violations name the column, not a constraint).
 */
export async function expectSqlState(
  work: Promise<unknown>,
  sqlState: string,
  expected?: string | { constraint?: string; column?: string },
): Promise<void> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught as { code?: string; constraint?: string; column?: string },
  );
  expect(error, `expected SQLSTATE ${sqlState}, but the statement succeeded`).toBeDefined();
  expect(error?.code).toBe(sqlState);
  const { constraint, column } =
    typeof expected === 'string' ? { constraint: expected, column: undefined } : (expected ?? {});
  if (constraint !== undefined) expect(error?.constraint).toBe(constraint);
  if (column !== undefined) expect(error?.column).toBe(column);
}

export const SQLSTATE = {
  checkViolation: '23514',
  notNullViolation: '23502',
  foreignKeyViolation: '23503',
  uniqueViolation: '23505',
} as const;

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** `n` in base58btc digits, as a did:key value must be (no 0, O, I or l). */
function base58(n: number): string {
  let digits = '';
  do {
    digits = (BASE58[n % 58] as string) + digits;
    n = Math.floor(n / 58);
  } while (n > 0);
  return digits;
}

let didCounter = 0;
/** A valid, unique did:key for test rows. */
export function testDid(): string {
  didCounter += 1;
  const random = Math.floor(Math.random() * 58 ** 4);
  return `did:key:z6MkTest${base58(process.pid)}x${base58(didCounter)}x${base58(random)}`;
}

type Client = pg.Pool | pg.PoolClient | pg.Client;

export async function insertAgent(client: Client, did = testDid()): Promise<string> {
  await client.query('INSERT INTO agents (did, public_key) VALUES ($1, $2)', [did, `pk-${did}`]);
  return did;
}

/** Inserts a row with only the given columns (the rest take their defaults); returns the row. */
export async function insertRow(
  client: Client,
  table: string,
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const columns = Object.keys(values);
  const { rows } = await client.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    Object.values(values),
  );
  return rows[0] as Record<string, unknown>;
}

/** A live negotiation between two agents, expiring in an hour unless `fields` says otherwise. */
export function insertNegotiation(
  client: Client,
  initiatorDid: string,
  responderDid: string,
  fields: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return insertRow(client, 'negotiations', {
    intent_id: randomUUID(),
    initiator_did: initiatorDid,
    responder_did: responderDid,
    expires_at: new Date(Date.now() + 3_600_000),
    ...fields,
  });
}

/** A usefulness proof of `agentDid` (compute work scoring 50 unless `fields` says otherwise). */
export function insertProof(
  client: Client,
  agentDid: string,
  fields: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return insertRow(client, 'usefulness_proofs', {
    intent_id: randomUUID(),
    agent_did: agentDid,
    work_type: 'compute',
    usefulness_score: 50,
    ...fields,
  });
}

/**
 * The plan PostgreSQL picks for `sql` when sequential scans are off, as text: shows whether an
 * index can serve the query at all (the tables in tests are too small for the planner to want one).
 */
export async function planWithoutSeqScan(pool: pg.Pool, sql: string): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

/** One table's columns, constraints and indexes as the lines test/expected-schema.ts lists. */
export interface TableFacts {
  readonly columns: string[];
  readonly constraints: string[];
  readonly indexes: string[];
}

/** Groups a catalog snapshot by table, in the line format of test/expected-schema.ts. */
export function factsByTable(snapshot: CatalogSnapshot): Map<string, TableFacts> {
  const facts = new Map<string, TableFacts>();
  const of = (table: string) => {
    let entry = facts.get(table);
    if (entry === undefined) {
      entry = { columns: [], constraints: [], indexes: [] };
      facts.set(table, entry);
    }
    return entry;
  };
  for (const c of snapshot.columns) {
    of(c.table).columns.push(
      `${c.column} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default !== null ? ` DEFAULT ${c.default}` : ''}`,
    );
  }
  for (const c of snapshot.constraints)
    of(c.table).constraints.push(`${c.name} ${c.type} ${c.definition}`);
  for (const i of snapshot.indexes) of(i.table).indexes.push(`${i.name} ${i.definition}`);
  return facts;
}

/** The SQLSTATEs of the credit functions (migrations 012, 016 and 027). */
export const CREDIT_SQLSTATE = {
  insufficientCredit: 'AC001',
  unknownAccount: 'AC002',
  reservationExceeded: 'AC003',
  idempotencyConflict: 'AC004',
  invalidAmount: 'AC005',
  proofNotOwned: 'AC006',
  unknownAgent: 'AC007',
  invalidKey: 'AC008',
  proofAlreadyPaid: 'AC009',
  proofInFuture: 'AC010',
  invalidMetadata: 'AC011',
} as const;

/** A LOGIN role in ainp_app (what a service uses) and `database`'s URL as it; dropped afterwards. */
export async function serviceLogin(
  database: TestDatabase & { pool: pg.Pool },
): Promise<ServiceLogin> {
  const login = await createServiceLogin(database.pool, database.url);
  cleanUpLater(() => login.drop());
  return login;
}

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
export async function ledgerCheck(client: Client): Promise<LedgerCheckRow[]> {
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
export async function expectLedgerEquations(client: Client): Promise<LedgerCheckRow[]> {
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
