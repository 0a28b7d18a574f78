import { beforeAll, describe, expect, it } from 'vitest';
import { readCatalogSnapshot } from '../src/codegen/catalog-snapshot.js';
import {
  CREDIT_TRANSACTION_TYPES,
  DATA_TABLES_IN_FOREIGN_KEY_ORDER,
  NEGOTIATION_STATES,
  notNullColumns,
  WORK_TYPES,
} from '../src/index.js';
import { EXPECTED_COLUMNS, EXPECTED_CONSTRAINTS, EXPECTED_INDEXES } from './expected-schema.js';
import {
  expectSqlState,
  factsByTable,
  freshDatabase,
  insertAgent,
  planWithoutSeqScan,
  SQLSTATE,
  type TableFacts,
} from './support.js';

const { checkViolation: CHECK, notNullViolation: NOT_NULL } = SQLSTATE;
const { foreignKeyViolation: FK, uniqueViolation: UNIQUE } = SQLSTATE;
const TABLES = DATA_TABLES_IN_FOREIGN_KEY_ORDER;
const ALICE = 'did:key:z6MkSchemaALice';
const BOB = 'did:web:schema-bob.example';
const NOBODY = 'did:key:z6MkNobodyRegisteredThis';
const IN_AN_HOUR = `now() + interval '1 hour'`;
const UUID = 'gen_random_uuid()';

const db = await freshDatabase('migrated');
let facts: Map<string, TableFacts>;

beforeAll(async () => {
  facts = factsByTable(await readCatalogSnapshot(db.pool));
  await insertAgent(db.pool, ALICE);
  await insertAgent(db.pool, BOB);
  await db.pool.query(`INSERT INTO trust_scores (agent_did) VALUES ($1)`, [ALICE]);
  await db.pool.query(
    `INSERT INTO credit_accounts (agent_did, balance, reserved) VALUES ($1, 100, 10)`,
    [ALICE],
  );
});

/** Runs `sql` in a transaction that is rolled back, so accepted rows leave nothing behind. */
async function acceptedAndRolledBack(sql: string): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(sql);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

/** A quoted SQL literal. */
const q = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** An INSERT of a valid row of `table`, with some columns set to other SQL expressions. */
const insertInto =
  (table: string, valid: Record<string, string>) =>
  (changes: Record<string, string> = {}): string => {
    const row = { ...valid, ...changes };
    return `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).join(', ')})`;
  };
const newAgent = insertInto('agents', { did: q('did:key:z6MkNewAgent'), public_key: q('pk') });
const newTrust = insertInto('trust_scores', { agent_did: q(BOB) });
const newNegotiation = insertInto('negotiations', {
  intent_id: UUID,
  initiator_did: q(ALICE),
  responder_did: q(BOB),
  expires_at: IN_AN_HOUR,
});
const newProof = insertInto('usefulness_proofs', {
  intent_id: UUID,
  agent_did: q(ALICE),
  work_type: q('compute'),
  usefulness_score: '50',
});
const newAccount = insertInto('credit_accounts', { agent_did: q(BOB) });
const newTransaction = insertInto('credit_transactions', {
  agent_did: q(ALICE),
  tx_type: q('deposit'),
  amount: '5',
});
const setAlice = (assignment: string) => `UPDATE agents SET ${assignment} WHERE did = ${q(ALICE)}`;
const TRUST_DIMENSIONS = ['score', 'reliability', 'honesty', 'competence', 'timeliness'];
/** Valid inserts by table: each NOT NULL column of the schema description gets one with NULL. */
const VALID_INSERTS = {
  agents: newAgent,
  trust_scores: newTrust,
  negotiations: newNegotiation,
  usefulness_proofs: newProof,
  credit_accounts: newAccount,
  credit_transactions: newTransaction,
} as const;

describe('the catalog', () => {
  it('has exactly the schema tables (the six of issue 2, and 012’s credit_idempotency_keys) besides the runner’s bookkeeping', async () => {
    const { tables } = await readCatalogSnapshot(db.pool);
    expect(tables.filter((t) => !['migrations', 'migration_rollbacks'].includes(t)).sort()).toEqual(
      [...TABLES].sort(),
    );
  });

  it.each(TABLES)('%s has the expected columns, types, nullability and defaults', (table) => {
    expect(facts.get(table)?.columns).toEqual(EXPECTED_COLUMNS[table]);
  });

  it('negotiations has exactly the spec’s 14 columns and usefulness_proofs its 9', () => {
    expect(facts.get('negotiations')?.columns).toHaveLength(14);
    expect(facts.get('usefulness_proofs')?.columns).toHaveLength(9);
  });

  it.each(TABLES)('%s has exactly the expected named constraints', (table) => {
    expect(facts.get(table)?.constraints).toEqual(EXPECTED_CONSTRAINTS[table]);
  });

  it.each(TABLES)('%s has exactly the expected indexes', (table) => {
    expect(facts.get(table)?.indexes).toEqual(EXPECTED_INDEXES[table]);
  });
});

type Rejection = [sql: string, sqlState: string, constraintOrColumn: string];

const rejections: Rejection[] = [
  ...Object.entries(VALID_INSERTS).flatMap(([table, insert]) =>
    notNullColumns(table).map((column): Rejection => [
      insert({ [column]: 'NULL' }),
      NOT_NULL,
      column,
    ]),
  ),
  [newAgent({ did: q('did:example:1') }), CHECK, 'agents_did_format'],
  [newAgent({ did: q('z6MkBareKey') }), CHECK, 'agents_did_format'],
  [newAgent({ did: q(ALICE) }), UNIQUE, 'agents_did_key'],
  [newAgent({ ttl: '0' }), CHECK, 'agents_ttl_positive'],
  [setAlice('ttl = -1000'), CHECK, 'agents_ttl_positive'],
  [setAlice('usefulness_score_cached = 100.01'), CHECK, 'agents_usefulness_score_cached_check'],
  [setAlice('usefulness_score_cached = -0.01'), CHECK, 'agents_usefulness_score_cached_check'],
  ...TRUST_DIMENSIONS.flatMap((column): Rejection[] => [
    [newTrust({ [column]: '1.0001' }), CHECK, `trust_scores_${column}_check`],
    [newTrust({ [column]: '-0.0001' }), CHECK, `trust_scores_${column}_check`],
  ]),
  [newTrust({ decay_rate: '0' }), CHECK, 'trust_scores_decay_rate_check'],
  [newTrust({ decay_rate: '1.0001' }), CHECK, 'trust_scores_decay_rate_check'],
  [newTrust({ agent_did: q(ALICE) }), UNIQUE, 'trust_scores_pkey'],
  [newTrust({ agent_did: q(NOBODY) }), FK, 'trust_scores_agent_did_fkey'],
  [newNegotiation({ state: q('done') }), CHECK, 'negotiations_state_check'],
  [newNegotiation({ convergence_score: '1.0001' }), CHECK, 'negotiations_convergence_score_check'],
  [newNegotiation({ convergence_score: '-0.0001' }), CHECK, 'negotiations_convergence_score_check'],
  [newNegotiation({ max_rounds: '0' }), CHECK, 'negotiations_max_rounds_check'],
  [newNegotiation({ max_rounds: '21' }), CHECK, 'negotiations_max_rounds_check'],
  [newNegotiation({ responder_did: q(ALICE) }), CHECK, 'negotiation_participants_different'],
  [newNegotiation({ initiator_did: q(NOBODY) }), FK, 'negotiations_initiator_did_fkey'],
  [newNegotiation({ responder_did: q(NOBODY) }), FK, 'negotiations_responder_did_fkey'],
  [newProof({ work_type: q('mining') }), CHECK, 'usefulness_proofs_work_type_check'],
  [newProof({ usefulness_score: '100.01' }), CHECK, 'usefulness_proofs_usefulness_score_check'],
  [newProof({ usefulness_score: '-0.01' }), CHECK, 'usefulness_proofs_usefulness_score_check'],
  [newProof({ agent_did: q(NOBODY) }), FK, 'usefulness_proofs_agent_did_fkey'],
  [newAccount({ balance: '-1' }), CHECK, 'credit_accounts_balance_check'],
  [newAccount({ reserved: '-1' }), CHECK, 'credit_accounts_reserved_check'],
  [newAccount({ earned: '-1' }), CHECK, 'credit_accounts_earned_check'],
  [newAccount({ spent: '-1' }), CHECK, 'credit_accounts_spent_check'],
  [newAccount({ balance: '10', reserved: '11' }), CHECK, 'credit_accounts_reserved_within_balance'],
  [`UPDATE credit_accounts SET balance = 9`, CHECK, 'credit_accounts_reserved_within_balance'],
  [newAccount({ agent_did: q(ALICE) }), UNIQUE, 'credit_accounts_pkey'],
  [newAccount({ agent_did: q(NOBODY) }), FK, 'credit_accounts_agent_did_fkey'],
  [newTransaction({ tx_type: q('refund') }), CHECK, 'credit_transactions_tx_type_check'],
  [newTransaction({ amount: '0' }), CHECK, 'credit_transactions_amount_check'],
  [newTransaction({ amount: '-5' }), CHECK, 'credit_transactions_amount_check'],
  [newTransaction({ agent_did: q(NOBODY) }), FK, 'credit_transactions_agent_did_fkey'],
  [
    newTransaction({ usefulness_proof_id: UUID }),
    FK,
    'credit_transactions_usefulness_proof_id_fkey',
  ],
];

describe('each constraint rejects a bad row', () => {
  it.each(rejections)('%s fails with %s (%s)', async (sql, sqlState, name) => {
    await expectSqlState(
      db.pool.query(sql),
      sqlState,
      sqlState === NOT_NULL ? { column: name } : { constraint: name },
    );
  });

  it('credit_transactions: a fractional amount is not a whole number of units', async () => {
    await expectSqlState(db.pool.query(newTransaction({ amount: q('1.5') })), '22P02');
  });
});

const acceptances: string[] = [
  newAgent({ did: q('did:web:ok.example'), ttl: '1', usefulness_score_cached: '100' }),
  setAlice('usefulness_score_cached = 0'),
  ...TRUST_DIMENSIONS.flatMap((column) => [
    newTrust({ [column]: '0' }),
    newTrust({ [column]: '1' }),
  ]),
  newTrust({ decay_rate: '1' }),
  // An accepted negotiation carries its final proposal (019).
  ...NEGOTIATION_STATES.map((state) =>
    newNegotiation(
      state === 'accepted'
        ? { state: q(state), final_proposal: q('{"price": 1}') }
        : { state: q(state) },
    ),
  ),
  newNegotiation({ convergence_score: '0', max_rounds: '1' }),
  newNegotiation({ convergence_score: '1', max_rounds: '20' }),
  ...WORK_TYPES.map((type) => newProof({ work_type: q(type), usefulness_score: '0' })),
  newProof({ usefulness_score: '100' }),
  newAccount({ balance: '10', reserved: '10' }),
  ...CREDIT_TRANSACTION_TYPES.map((type) => newTransaction({ tx_type: q(type), amount: '1' })),
];

describe('each constraint accepts the rows at its boundary', () => {
  it.each(acceptances)('%s', async (sql) => {
    await expect(acceptedAndRolledBack(sql)).resolves.toBeUndefined();
  });
});

describe('the defaults', () => {
  it('fill a minimal row of every table', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const did = await insertAgent(client, 'did:key:z6MkDefauLts');
      const agent = await client.query('SELECT * FROM agents WHERE did = $1', [did]);
      expect(agent.rows[0]).toMatchObject({
        capabilities: [],
        usefulness_score_cached: '0.00',
        usefulness_last_updated: null,
        ttl: null,
        expires_at: null,
      });
      expect(agent.rows[0].id).toMatch(/^[0-9a-f-]{36}$/);
      expect(agent.rows[0].created_at).toBeInstanceOf(Date);
      expect(agent.rows[0].last_seen_at).toBeInstanceOf(Date);

      const trust = await client.query(
        'INSERT INTO trust_scores (agent_did) VALUES ($1) RETURNING *',
        [did],
      );
      expect(trust.rows[0]).toMatchObject({ decay_rate: '0.9770' });

      const { rows } = await client.query(`${newNegotiation()} RETURNING *`);
      expect(rows[0]).toMatchObject({
        state: 'initiated',
        rounds: [],
        convergence_score: '0.0000',
        incentive_split: { agent: 0.7, broker: 0.1, validator: 0.1, pool: 0.1 },
        max_rounds: 10,
        current_proposal: null,
        final_proposal: null,
      });
      expect(Object.keys(rows[0].incentive_split).sort()).toEqual([
        'agent',
        'broker',
        'pool',
        'validator',
      ]);

      const account = await client.query(
        'INSERT INTO credit_accounts (agent_did) VALUES ($1) RETURNING *',
        [did],
      );
      expect(account.rows[0]).toMatchObject({
        balance: '0',
        reserved: '0',
        earned: '0',
        spent: '0',
      });
      const tx = await client.query(
        `INSERT INTO credit_transactions (agent_did, tx_type, amount) VALUES ($1, 'deposit', 5000)
         RETURNING *`,
        [did],
      );
      expect(tx.rows[0]).toMatchObject({ metadata: {}, amount: '5000', usefulness_proof_id: null });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

describe('the indexes serve their queries', () => {
  // With no statistics the planner may pick a primary key with the same leading column (035's
  // (agent_did, id)) plus a sort; with them, as on any live database, it picks the index meant.
  beforeAll(async () => {
    await db.pool.query('ANALYZE credit_transactions');
  });
  it.each([
    [
      'capability discovery (GIN)',
      `SELECT did FROM agents WHERE capabilities @> ARRAY['translate']`,
      'idx_agents_capabilities',
    ],
    [
      'usefulness metrics (GIN)',
      `SELECT id FROM usefulness_proofs WHERE metrics @> '{"gpu": true}'`,
      'idx_usefulness_metrics',
    ],
    [
      'agent expiry sweeps',
      'SELECT did FROM agents WHERE expires_at < now()',
      'idx_agents_expires_at',
    ],
    [
      'most trusted agents first',
      'SELECT agent_did FROM trust_scores ORDER BY score DESC LIMIT 10',
      'idx_trust_scores_score',
    ],
    [
      'discovery ranking',
      'SELECT did FROM agents ORDER BY usefulness_score_cached DESC, last_seen_at DESC LIMIT 10',
      'idx_agents_usefulness',
    ],
    [
      'live negotiations past their deadline',
      `SELECT id FROM negotiations WHERE expires_at < now() AND state NOT IN ('accepted', 'rejected', 'expired')`,
      'idx_negotiations_expires',
    ],
    [
      'live negotiations by convergence',
      `SELECT id FROM negotiations WHERE state NOT IN ('accepted', 'rejected', 'expired') ORDER BY convergence_score DESC LIMIT 5`,
      'idx_negotiations_convergence',
    ],
    [
      'richest accounts first',
      'SELECT agent_did FROM credit_accounts ORDER BY balance DESC LIMIT 10',
      'idx_credit_accounts_balance',
    ],
    [
      'an agent’s credit history',
      `SELECT id FROM credit_transactions WHERE agent_did = '${ALICE}' ORDER BY created_at DESC LIMIT 20`,
      'idx_credit_transactions_agent',
    ],
  ])('%s', async (_label, sql, index) => {
    expect(await planWithoutSeqScan(db.pool, sql)).toContain(index);
  });
});
