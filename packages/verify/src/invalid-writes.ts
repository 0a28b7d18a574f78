import { notNullColumns } from '@ainp/db';
import {
  ALICE,
  BOB,
  DATA_TABLES,
  FIXTURE_IDS,
  STRANGER,
  type DataTable,
  type Row,
} from './invalid-write-fixtures.js';

/**
 * An insert (the table's valid row with `values` changed), an update or a delete of a fixture row.
 * `asService` runs it as a LOGIN role in ainp_app instead of the owner (rules only it meets).
 */
export type Write = (
  | { readonly insert: DataTable; readonly values: Row }
  | { readonly update: DataTable; readonly set: Row; readonly where: Row }
  | { readonly delete: DataTable; readonly where: Row }
) & { readonly asService?: boolean };

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
const denied = (violates: string): Rejection => ({ sqlState: '42501', violates });
export const notNullKey = (table: string, column: string) => `${table}.${column} NOT NULL`;

const insert = (table: DataTable, values: Row) => ({ insert: table, values });
const update = (table: DataTable, set: Row, where: Row) => ({ update: table, set, where });
const asService = (write: Write): Write => ({ ...write, asService: true });
const deleteFrom = (table: DataTable, where: Row) => ({ delete: table, where });

const LATER = '2101-01-01T00:00:00Z';
const EARLIER = '2099-01-01T00:00:00Z';
const rounds = (n: number) =>
  JSON.stringify(Array.from({ length: n }, (_, i) => ({ round_number: i + 1 })));
const split = (shares: Record<string, unknown>) => ({
  agent: 0.7,
  broker: 0.1,
  validator: 0.1,
  pool: 0.1,
  ...shares,
});

/**
 * The NOT NULL columns, from the schema description (a new one gets its case once `pnpm db:types`
 * is run). Each gets a case that writes NULL into it explicitly (defaults do not apply then).
 */
const NOT_NULL_COLUMNS: ReadonlyMap<DataTable, readonly string[]> = new Map(
  DATA_TABLES.map((table) => [table, notNullColumns(table)]),
);

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
  // The state machine's trigger (019) runs before the CHECKs, so a move to an unknown state is its refusal.
  { name: 'negotiation moved to an unknown state', write: update('negotiations', { state: 'finished' }, { id: FIXTURE_IDS.negotiation }), rejects: check('negotiations_state_transition') },
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

  // Identities (025): W3C DID syntax for did:key (base58btc) and did:web, public keys, capability tags.
  { name: 'agent DID did:key: with no value', write: insert('agents', { did: 'did:key:' }), rejects: check('agents_did_syntax') },
  { name: 'agent DID with a space', write: insert('agents', { did: 'did:key:a b' }), rejects: check('agents_did_syntax') },
  { name: 'agent did:key outside base58 (0, O, I, l)', write: insert('agents', { did: 'did:key:z6Mk0OIl' }), rejects: check('agents_did_syntax') },
  { name: 'agent did:key not multibase z', write: insert('agents', { did: 'did:key:6MkCarol' }), rejects: check('agents_did_syntax') },
  { name: 'agent DID of 200 kB', write: insert('agents', { did: `did:key:z${'a'.repeat(200_000)}` }), rejects: check('agents_did_syntax') },
  { name: 'agent DID with a control character', write: insert('agents', { did: 'did:key:z6MkCarx\t' }), rejects: check('agents_did_syntax') },
  { name: 'agent did:web with no host', write: insert('agents', { did: 'did:web:' }), rejects: check('agents_did_syntax') },
  { name: 'agent did:web host starting with a hyphen', write: insert('agents', { did: 'did:web:-carx.example' }), rejects: check('agents_did_syntax') },
  { name: 'agent did:web with an empty port', write: insert('agents', { did: 'did:web:carx.example%3A' }), rejects: check('agents_did_syntax') },
  { name: 'agent did:web with an empty path segment', write: insert('agents', { did: 'did:web:carx.example::users' }), rejects: check('agents_did_syntax') },
  { name: 'agent did:web with a slash path', write: insert('agents', { did: 'did:web:carx.example/users' }), rejects: check('agents_did_syntax') },
  { name: 'agent DID changed to one with a space', write: update('agents', { did: 'did:web:bob .example' }, { did: BOB }), rejects: check('agents_did_syntax') },
  { name: 'agent public key empty', write: insert('agents', { public_key: '' }), rejects: check('agents_public_key_format') },
  { name: 'agent public key with a space', write: insert('agents', { public_key: 'pk carx' }), rejects: check('agents_public_key_format') },
  { name: 'agent public key with a newline', write: update('agents', { public_key: 'pk\nbob' }, { did: BOB }), rejects: check('agents_public_key_format') },
  { name: 'agent capability empty', write: insert('agents', { capabilities: [''] }), rejects: check('agents_capabilities_format') },
  { name: 'agent capability untrimmed', write: insert('agents', { capabilities: ['translate '] }), rejects: check('agents_capabilities_format') },
  { name: 'agent capability of 65 characters', write: insert('agents', { capabilities: ['c'.repeat(65)] }), rejects: check('agents_capabilities_format') },
  { name: 'agent capability NULL', write: insert('agents', { capabilities: ['translate', null] }), rejects: check('agents_capabilities_format') },

  // Time (021): finite timestamps, expiry after creation, seen no earlier than created.
  { name: 'agent created at infinity', write: insert('agents', { created_at: 'infinity', last_seen_at: 'infinity' }), rejects: check('agents_timestamps_finite') },
  { name: 'agent expiring at infinity', write: insert('agents', { expires_at: 'infinity' }), rejects: check('agents_timestamps_finite') },
  { name: 'agent usefulness refreshed at -infinity', write: update('agents', { usefulness_last_updated: '-infinity' }, { did: BOB }), rejects: check('agents_timestamps_finite') },
  { name: 'agent expiring before it was created', write: insert('agents', { created_at: LATER, last_seen_at: LATER, expires_at: EARLIER }), rejects: check('agents_expires_after_created') },
  { name: 'agent seen before it was created', write: insert('agents', { created_at: LATER, last_seen_at: EARLIER }), rejects: check('agents_last_seen_after_created') },
  { name: 'trust updated at infinity', write: insert('trust_scores', { last_updated: 'infinity' }), rejects: check('trust_scores_timestamps_finite') },
  { name: 'trust update moved to -infinity', write: update('trust_scores', { last_updated: '-infinity' }, { agent_did: ALICE }), rejects: check('trust_scores_timestamps_finite') },
  { name: 'negotiation expiring at infinity', write: insert('negotiations', { expires_at: 'infinity' }), rejects: check('negotiations_timestamps_finite') },
  { name: 'negotiation created at -infinity', write: insert('negotiations', { created_at: '-infinity' }), rejects: check('negotiations_timestamps_finite') },
  { name: 'negotiation expiring before it was created', write: insert('negotiations', { created_at: LATER }), rejects: check('negotiations_expires_after_created') },
  { name: 'proof created at infinity', write: insert('usefulness_proofs', { created_at: 'infinity' }), rejects: check('usefulness_proofs_timestamps_finite') },
  { name: 'credit account created at -infinity', write: insert('credit_accounts', { created_at: '-infinity' }), rejects: check('credit_accounts_timestamps_finite') },
  { name: 'credit account updated at infinity', write: insert('credit_accounts', { updated_at: 'infinity' }), rejects: check('credit_accounts_timestamps_finite') },
  { name: 'credit transaction at infinity', write: insert('credit_transactions', { created_at: 'infinity' }), rejects: check('credit_transactions_timestamps_finite') },
  { name: 'idempotency key claimed at infinity', write: insert('credit_idempotency_keys', { created_at: 'infinity' }), rejects: check('credit_idempotency_keys_timestamps_finite') },

  // The negotiation state machine (019) and the JSON shapes (027).
  { name: 'negotiation moved from initiated straight to accepted', write: update('negotiations', { state: 'accepted', final_proposal: { price: 1 } }, { id: FIXTURE_IDS.negotiation }), rejects: check('negotiations_state_transition') },
  { name: 'negotiation moved from initiated to counter_proposed', write: update('negotiations', { state: 'counter_proposed' }, { id: FIXTURE_IDS.negotiation }), rejects: check('negotiations_state_transition') },
  { name: 'accepted negotiation moved back to initiated', write: update('negotiations', { state: 'initiated', final_proposal: null }, { id: FIXTURE_IDS.acceptedNegotiation }), rejects: check('negotiations_terminal_unchanged') },
  { name: 'accepted negotiation given another round', write: update('negotiations', { rounds: rounds(1) }, { id: FIXTURE_IDS.acceptedNegotiation }), rejects: check('negotiations_terminal_unchanged') },
  { name: 'accepted negotiation expired', write: update('negotiations', { state: 'expired', final_proposal: null }, { id: FIXTURE_IDS.acceptedNegotiation }), rejects: check('negotiations_terminal_unchanged') },
  { name: 'negotiation accepted with no final proposal', write: insert('negotiations', { state: 'accepted' }), rejects: check('negotiations_final_proposal_when_accepted') },
  { name: 'negotiation proposed with a final proposal', write: insert('negotiations', { state: 'proposed', final_proposal: { price: 1 } }), rejects: check('negotiations_final_proposal_when_accepted') },
  { name: 'negotiation final proposal as an array', write: insert('negotiations', { state: 'accepted', final_proposal: JSON.stringify([1]) }), rejects: check('negotiations_final_proposal_shape') },
  { name: 'negotiation current proposal as a string', write: insert('negotiations', { current_proposal: JSON.stringify('cheap') }), rejects: check('negotiations_current_proposal_shape') },
  { name: 'negotiation current proposal over 64 kB', write: insert('negotiations', { current_proposal: { price: 1, custom_terms: { blob: 'x'.repeat(70_000) } } }), rejects: check('negotiations_current_proposal_shape') },
  { name: 'negotiation rounds as an object', write: insert('negotiations', { rounds: { round_number: 1 } }), rejects: check('negotiations_rounds_shape') },
  { name: 'negotiation with more rounds than max_rounds', write: insert('negotiations', { rounds: rounds(6) }), rejects: check('negotiations_rounds_shape') },
  { name: 'negotiation max_rounds lowered below its rounds', write: update('negotiations', { rounds: rounds(3), max_rounds: 2 }, { id: FIXTURE_IDS.negotiation }), rejects: check('negotiations_rounds_shape') },
  { name: 'incentive split summing to 1.5', write: insert('negotiations', { incentive_split: split({ broker: 0.6 }) }), rejects: check('negotiations_incentive_split_shape') },
  { name: 'incentive split with a negative share', write: insert('negotiations', { incentive_split: split({ agent: 0.8, broker: -0.1, validator: 0.2 }) }), rejects: check('negotiations_incentive_split_shape') },
  { name: 'incentive split missing a share', write: insert('negotiations', { incentive_split: { agent: 0.8, broker: 0.1, validator: 0.1 } }), rejects: check('negotiations_incentive_split_shape') },
  { name: 'incentive split with a fifth share', write: insert('negotiations', { incentive_split: split({ tip: 0 }) }), rejects: check('negotiations_incentive_split_shape') },
  { name: 'incentive split share as a string', write: insert('negotiations', { incentive_split: split({ pool: '0.1' }) }), rejects: check('negotiations_incentive_split_shape') },
  { name: 'incentive split as an array', write: update('negotiations', { incentive_split: JSON.stringify([0.7, 0.1, 0.1, 0.1]) }, { id: FIXTURE_IDS.negotiation }), rejects: check('negotiations_incentive_split_shape') },
  { name: 'proof metrics as an array', write: insert('usefulness_proofs', { metrics: JSON.stringify([1]) }), rejects: check('usefulness_proofs_metrics_shape') },
  { name: 'proof metrics as a string', write: insert('usefulness_proofs', { metrics: JSON.stringify('fast') }), rejects: check('usefulness_proofs_metrics_shape') },
  { name: 'proof with a negative count', write: insert('usefulness_proofs', { metrics: { items_validated: -1, errors_found: 0 } }), rejects: check('usefulness_proofs_metrics_shape') },
  { name: 'proof with a count as a string', write: insert('usefulness_proofs', { metrics: { items_validated: 3, errors_found: '0' } }), rejects: check('usefulness_proofs_metrics_shape') },
  { name: 'proof metrics over 64 kB', write: insert('usefulness_proofs', { metrics: { items_validated: 1, errors_found: 0, note: 'x'.repeat(70_000) } }), rejects: check('usefulness_proofs_metrics_shape') },
  { name: 'proof rescored with negative cpu_ms', write: update('usefulness_proofs', { metrics: { cpu_ms: -5 } }, { id: FIXTURE_IDS.proof }), rejects: check('usefulness_proofs_metrics_shape') },
  { name: 'credit metadata as an array', write: insert('credit_transactions', { metadata: JSON.stringify([]) }), rejects: check('credit_transactions_metadata_shape') },
  { name: 'credit metadata as a string', write: insert('credit_transactions', { metadata: JSON.stringify('gift') }), rejects: check('credit_transactions_metadata_shape') },
  { name: 'credit metadata over 16 kB', write: insert('credit_transactions', { metadata: { description: 'x'.repeat(17_000) } }), rejects: check('credit_transactions_metadata_shape') },

  // Blank idempotency keys (023), one payout per proof (016, 017), the append-only ledger (018).
  { name: 'idempotency key of spaces', write: insert('credit_idempotency_keys', { idempotency_key: '   ' }), rejects: check('credit_idempotency_keys_key_not_blank') },
  { name: 'idempotency key of a tab and a newline', write: insert('credit_idempotency_keys', { idempotency_key: '\t\n' }), rejects: check('credit_idempotency_keys_key_not_blank') },
  { name: 'ledger row with a blank idempotency key', write: insert('credit_transactions', { idempotency_key: '  ' }), rejects: check('credit_transactions_idempotency_key_not_blank') },
  { name: 'second earn on one proof', write: insert('credit_transactions', { tx_type: 'earn' }), rejects: unique('idx_credit_transactions_one_earn_per_agent_proof') },
  { name: 'a service deleting an agent with ledger rows', write: asService(deleteFrom('agents', { did: ALICE })), rejects: denied('credit_transactions_append_only') },
  // Since 035 the proof FK has no ON DELETE SET NULL: a paid proof cannot be deleted at all (no ledger row would change).
  { name: 'a service deleting a paid proof', write: asService(deleteFrom('usefulness_proofs', { id: FIXTURE_IDS.proof })), rejects: foreignKey('credit_transactions_usefulness_proof_id_fkey') },

  // NOT NULL: an explicit NULL into every such column.
  ...[...NOT_NULL_COLUMNS].flatMap(([table, columns]) =>
    columns.map((column) => ({
      name: `${table}.${column} set to NULL`,
      write: insert(table, { [column]: null }),
      rejects: { sqlState: '23502', violates: notNullKey(table, column) },
    })),
  ),
];
