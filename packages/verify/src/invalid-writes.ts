import {
  ALICE,
  BOB,
  FIXTURE_IDS,
  STRANGER,
  type DataTable,
  type Row,
} from './invalid-write-fixtures.js';

/** An insert (the table's valid row with `values` changed) or an update of a fixture row. */
export type Write =
  | { readonly insert: DataTable; readonly values: Row }
  | { readonly update: DataTable; readonly set: Row; readonly where: Row };

/** How the server must refuse a write: the SQLSTATE, and the constraint it names. */
export interface Rejection {
  readonly sqlState: string;
  /** The constraint's name; for NOT NULL (which has no name before PostgreSQL 18): `table.column NOT NULL`. */
  readonly violates: string;
}

export interface InvalidWrite {
  readonly name: string;
  readonly write: Write;
  readonly rejects: Rejection;
}

const check = (violates: string): Rejection => ({ sqlState: '23514', violates });
const foreignKey = (violates: string): Rejection => ({ sqlState: '23503', violates });
const unique = (violates: string): Rejection => ({ sqlState: '23505', violates });
export const notNullKey = (table: string, column: string) => `${table}.${column} NOT NULL`;

const insert = (table: DataTable, values: Row) => ({ insert: table, values });
const update = (table: DataTable, set: Row, where: Row) => ({ update: table, set, where });

/**
 * NOT NULL columns, listed by hand: a new NOT NULL column fails the coverage check until it is
 * added here. Each gets a case that writes NULL into it explicitly (defaults do not apply then).
 */
// prettier-ignore
const NOT_NULL_COLUMNS: Readonly<Record<DataTable, readonly string[]>> = {
  agents: ['id', 'did', 'public_key', 'created_at', 'last_seen_at', 'capabilities', 'usefulness_score_cached'],
  trust_scores: ['agent_did', 'score', 'reliability', 'honesty', 'competence', 'timeliness', 'decay_rate', 'last_updated'],
  negotiations: [
    'id', 'intent_id', 'initiator_did', 'responder_did', 'state', 'rounds', 'convergence_score',
    'incentive_split', 'max_rounds', 'created_at', 'expires_at', 'updated_at',
  ],
  usefulness_proofs: ['id', 'intent_id', 'agent_did', 'work_type', 'metrics', 'usefulness_score', 'created_at'],
  credit_accounts: ['agent_did', 'balance', 'reserved', 'earned', 'spent', 'created_at', 'updated_at'],
  credit_transactions: ['id', 'agent_did', 'tx_type', 'amount', 'metadata', 'created_at'],
  credit_idempotency_keys: ['idempotency_key', 'operation', 'agent_did', 'request', 'created_at'],
};

/** Writes the schema must refuse, one or more per constraint, and the DID format from every side. */
// prettier-ignore
export const INVALID_WRITES: readonly InvalidWrite[] = [
  // agents: the DID format (did:key: or did:web:), then its other rules.
  { name: 'agent DID without the did: scheme', write: insert('agents', { did: 'alice' }), rejects: check('agents_did_format') },
  { name: 'agent DID with an unsupported method', write: insert('agents', { did: 'did:ethr:0xabc' }), rejects: check('agents_did_format') },
  { name: 'agent DID in upper case', write: insert('agents', { did: 'DID:KEY:z6MkUpper' }), rejects: check('agents_did_format') },
  { name: 'agent DID empty', write: insert('agents', { did: '' }), rejects: check('agents_did_format') },
  { name: 'agent DID with no identifier separator', write: insert('agents', { did: 'did:key' }), rejects: check('agents_did_format') },
  { name: 'agent DID with a leading space', write: insert('agents', { did: ' did:key:z6MkSpace' }), rejects: check('agents_did_format') },
  { name: 'agent DID changed to an unsupported method', write: update('agents', { did: 'did:plc:alice' }, { did: ALICE }), rejects: check('agents_did_format') },
  { name: 'agent ttl of zero', write: insert('agents', { ttl: 0 }), rejects: check('agents_ttl_positive') },
  { name: 'agent ttl negative', write: insert('agents', { ttl: -1000 }), rejects: check('agents_ttl_positive') },
  { name: 'agent usefulness cache above 100', write: insert('agents', { usefulness_score_cached: 100.01 }), rejects: check('agents_usefulness_score_cached_check') },
  { name: 'agent usefulness cache below 0', write: update('agents', { usefulness_score_cached: -1 }, { did: BOB }), rejects: check('agents_usefulness_score_cached_check') },
  { name: 'agent registered twice with one DID', write: insert('agents', { did: ALICE }), rejects: unique('agents_did_key') },

  // trust_scores: every dimension in [0,1], decay in (0,1], one row per registered agent.
  { name: 'trust score above 1', write: insert('trust_scores', { score: 1.5 }), rejects: check('trust_scores_score_check') },
  { name: 'trust reliability below 0', write: insert('trust_scores', { reliability: -0.1 }), rejects: check('trust_scores_reliability_check') },
  { name: 'trust honesty above 1', write: insert('trust_scores', { honesty: 2 }), rejects: check('trust_scores_honesty_check') },
  { name: 'trust competence below 0', write: insert('trust_scores', { competence: -1 }), rejects: check('trust_scores_competence_check') },
  { name: 'trust timeliness just above 1', write: insert('trust_scores', { timeliness: 1.0001 }), rejects: check('trust_scores_timeliness_check') },
  { name: 'trust decay rate of zero', write: insert('trust_scores', { decay_rate: 0 }), rejects: check('trust_scores_decay_rate_check') },
  { name: 'trust score raised above 1', write: update('trust_scores', { score: 1.01 }, { agent_did: ALICE }), rejects: check('trust_scores_score_check') },
  { name: 'trust row for an unregistered DID', write: insert('trust_scores', { agent_did: STRANGER }), rejects: foreignKey('trust_scores_agent_did_fkey') },
  { name: 'trust row for a malformed DID', write: insert('trust_scores', { agent_did: 'alice' }), rejects: foreignKey('trust_scores_agent_did_fkey') },
  { name: 'second trust row for one agent', write: insert('trust_scores', { agent_did: ALICE }), rejects: unique('trust_scores_pkey') },

  // negotiations: the state machine, convergence in [0,1], 1-20 rounds, two different registered agents.
  { name: 'negotiation in an unknown state', write: insert('negotiations', { state: 'done' }), rejects: check('negotiations_state_check') },
  { name: 'negotiation moved to an unknown state', write: update('negotiations', { state: 'finished' }, { id: FIXTURE_IDS.negotiation }), rejects: check('negotiations_state_check') },
  { name: 'negotiation convergence above 1', write: insert('negotiations', { convergence_score: 1.5 }), rejects: check('negotiations_convergence_score_check') },
  { name: 'negotiation convergence below 0', write: insert('negotiations', { convergence_score: -0.01 }), rejects: check('negotiations_convergence_score_check') },
  { name: 'negotiation with zero rounds allowed', write: insert('negotiations', { max_rounds: 0 }), rejects: check('negotiations_max_rounds_check') },
  { name: 'negotiation with 21 rounds allowed', write: insert('negotiations', { max_rounds: 21 }), rejects: check('negotiations_max_rounds_check') },
  { name: 'agent negotiating with itself', write: insert('negotiations', { initiator_did: ALICE, responder_did: ALICE }), rejects: check('negotiation_participants_different') },
  { name: 'negotiation responder changed to the initiator', write: update('negotiations', { responder_did: ALICE }, { id: FIXTURE_IDS.negotiation }), rejects: check('negotiation_participants_different') },
  { name: 'negotiation started by an unregistered DID', write: insert('negotiations', { initiator_did: STRANGER }), rejects: foreignKey('negotiations_initiator_did_fkey') },
  { name: 'negotiation answered by an unregistered DID', write: insert('negotiations', { responder_did: STRANGER }), rejects: foreignKey('negotiations_responder_did_fkey') },
  { name: 'negotiation id reused by its initiator', write: insert('negotiations', { id: FIXTURE_IDS.negotiation, initiator_did: ALICE, responder_did: BOB }), rejects: unique('negotiations_pkey') },

  // usefulness_proofs: a known work type, a score in [0,100], by a registered agent.
  { name: 'proof of an unknown work type', write: insert('usefulness_proofs', { work_type: 'mining' }), rejects: check('usefulness_proofs_work_type_check') },
  { name: 'proof scored above 100', write: insert('usefulness_proofs', { usefulness_score: 100.5 }), rejects: check('usefulness_proofs_usefulness_score_check') },
  { name: 'proof rescored below 0', write: update('usefulness_proofs', { usefulness_score: -0.01 }, { id: FIXTURE_IDS.proof }), rejects: check('usefulness_proofs_usefulness_score_check') },
  { name: 'proof by an unregistered DID', write: insert('usefulness_proofs', { agent_did: STRANGER }), rejects: foreignKey('usefulness_proofs_agent_did_fkey') },
  { name: 'proof id reused by its agent', write: insert('usefulness_proofs', { id: FIXTURE_IDS.proof, agent_did: ALICE }), rejects: unique('usefulness_proofs_pkey') },

  // credit_accounts: no negative amounts, reserved within the balance, one account per agent.
  // A negative balance breaks reserved <= balance too; PostgreSQL checks in name order, so balance_check is named.
  { name: 'credit balance below 0', write: insert('credit_accounts', { balance: -1, reserved: 0 }), rejects: check('credit_accounts_balance_check') },
  { name: 'credit reserved below 0', write: insert('credit_accounts', { reserved: -1 }), rejects: check('credit_accounts_reserved_check') },
  { name: 'credit earned below 0', write: insert('credit_accounts', { earned: -1 }), rejects: check('credit_accounts_earned_check') },
  { name: 'credit spent below 0', write: insert('credit_accounts', { spent: -1 }), rejects: check('credit_accounts_spent_check') },
  { name: 'credit reserved above the balance', write: insert('credit_accounts', { balance: 10, reserved: 11 }), rejects: check('credit_accounts_reserved_within_balance') },
  { name: 'credit reservation raised above the balance', write: update('credit_accounts', { reserved: 1001 }, { agent_did: ALICE }), rejects: check('credit_accounts_reserved_within_balance') },
  { name: 'credit account for an unregistered DID', write: insert('credit_accounts', { agent_did: STRANGER }), rejects: foreignKey('credit_accounts_agent_did_fkey') },
  { name: 'second credit account for one agent', write: insert('credit_accounts', { agent_did: ALICE }), rejects: unique('credit_accounts_pkey') },

  // credit_transactions: a known type, a positive amount, an existing account and proof.
  { name: 'credit transaction of an unknown type', write: insert('credit_transactions', { tx_type: 'refund' }), rejects: check('credit_transactions_tx_type_check') },
  { name: 'credit transaction of zero', write: insert('credit_transactions', { amount: 0 }), rejects: check('credit_transactions_amount_check') },
  { name: 'credit transaction amount made negative', write: update('credit_transactions', { amount: -5 }, { id: FIXTURE_IDS.transaction }), rejects: check('credit_transactions_amount_check') },
  { name: 'credit transaction for an agent without an account', write: insert('credit_transactions', { agent_did: BOB }), rejects: foreignKey('credit_transactions_agent_did_fkey') },
  { name: 'credit transaction citing an unknown proof', write: insert('credit_transactions', { usefulness_proof_id: FIXTURE_IDS.unknown }), rejects: foreignKey('credit_transactions_usefulness_proof_id_fkey') },
  { name: 'credit transaction id reused', write: insert('credit_transactions', { id: FIXTURE_IDS.transaction }), rejects: unique('credit_transactions_pkey') },

  // credit_idempotency_keys (012): a key of 1-255 characters, a known operation, an existing account, once.
  { name: 'idempotency key empty', write: insert('credit_idempotency_keys', { idempotency_key: '' }), rejects: check('credit_idempotency_keys_key_length') },
  { name: 'idempotency key of 256 characters', write: insert('credit_idempotency_keys', { idempotency_key: 'k'.repeat(256) }), rejects: check('credit_idempotency_keys_key_length') },
  { name: 'idempotency key for an unknown operation', write: insert('credit_idempotency_keys', { operation: 'refund' }), rejects: check('credit_idempotency_keys_operation_check') },
  { name: 'idempotency key for an agent without an account', write: insert('credit_idempotency_keys', { agent_did: BOB }), rejects: foreignKey('credit_idempotency_keys_agent_did_fkey') },
  { name: 'idempotency key used twice', write: insert('credit_idempotency_keys', { idempotency_key: FIXTURE_IDS.idempotencyKey }), rejects: unique('credit_idempotency_keys_pkey') },

  // NOT NULL: an explicit NULL into every such column.
  ...Object.entries(NOT_NULL_COLUMNS).flatMap(([table, columns]) =>
    columns.map((column) => ({
      name: `${table}.${column} set to NULL`,
      write: insert(table as DataTable, { [column]: null }),
      rejects: { sqlState: '23502', violates: notNullKey(table, column) },
    })),
  ),
];
