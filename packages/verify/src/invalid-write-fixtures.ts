import { DATA_TABLES_IN_FOREIGN_KEY_ORDER, type DataTableName } from '@ainp/db';
/** A row to write: column name to value (null writes SQL NULL). */
export type Row = Readonly<Record<string, unknown>>;

/** The AINP tables the invalid-write cases cover, in foreign-key order (parents first). */
export const DATA_TABLES = DATA_TABLES_IN_FOREIGN_KEY_ORDER;
export type DataTable = DataTableName;

/**
 * Alice has everything: a trust row, a negotiation, a proof, a credit account, a transaction and
 * the idempotency key of the request that wrote it.
 */
export const ALICE = 'did:key:z6MkVerifyALice';
/** Bob is registered and nothing more: no trust row, no credit account. */
export const BOB = 'did:web:bob.verify.example';
/** Registered by no one. */
export const STRANGER = 'did:key:z6MkVerifyNobody';

export const FIXTURE_IDS = {
  agent: '00000000-0000-4000-8000-00000000a11c',
  negotiation: '00000000-0000-4000-8000-0000000000ea',
  /** Accepted: terminal, so the state machine lets it change no more. */
  acceptedNegotiation: '00000000-0000-4000-8000-0000000000eb',
  proof: '00000000-0000-4000-8000-0000000000f0',
  transaction: '00000000-0000-4000-8000-0000000000c7',
  intent: '00000000-0000-4000-8000-00000000017e',
  unknown: '00000000-0000-4000-8000-00000000dead',
  idempotencyKey: 'verify-alice-earn',
} as const;

const FAR_FUTURE = '2100-01-01T00:00:00Z';

/** The rows every case runs against, inserted once, in order. */
export const FIXTURE_ROWS: readonly (readonly [DataTable, Row])[] = [
  ['agents', { id: FIXTURE_IDS.agent, did: ALICE, public_key: 'pk-alice' }],
  ['agents', { did: BOB, public_key: 'pk-bob' }],
  ['trust_scores', { agent_did: ALICE }],
  [
    'negotiations',
    {
      id: FIXTURE_IDS.negotiation,
      intent_id: FIXTURE_IDS.intent,
      initiator_did: ALICE,
      responder_did: BOB,
      expires_at: FAR_FUTURE,
    },
  ],
  [
    'negotiations',
    {
      id: FIXTURE_IDS.acceptedNegotiation,
      intent_id: FIXTURE_IDS.intent,
      initiator_did: BOB,
      responder_did: ALICE,
      state: 'accepted',
      final_proposal: { price: 1000 },
      expires_at: FAR_FUTURE,
    },
  ],
  [
    'usefulness_proofs',
    {
      id: FIXTURE_IDS.proof,
      intent_id: FIXTURE_IDS.intent,
      agent_did: ALICE,
      work_type: 'compute',
      usefulness_score: 80,
    },
  ],
  ['credit_accounts', { agent_did: ALICE, balance: 1000, reserved: 100 }],
  [
    'credit_transactions',
    {
      id: FIXTURE_IDS.transaction,
      agent_did: ALICE,
      tx_type: 'earn',
      amount: 1000,
      usefulness_proof_id: FIXTURE_IDS.proof,
    },
  ],
  [
    'credit_idempotency_keys',
    {
      idempotency_key: FIXTURE_IDS.idempotencyKey,
      operation: 'earn',
      agent_did: ALICE,
      request: { operation: 'earn', agent_did: ALICE, amount: 1000, metadata: {} },
    },
  ],
];

/**
 * For each table, a row the schema accepts on top of the fixtures. An insert case is this row with
 * one or two values changed, so the change alone is what the schema must reject.
 */
export const VALID_ROWS: Readonly<Record<DataTable, Row>> = {
  agents: { did: 'did:key:z6MkVerifyCaroL', public_key: 'pk-carol', ttl: 60_000 },
  trust_scores: { agent_did: BOB, score: 0.5 },
  negotiations: {
    intent_id: FIXTURE_IDS.intent,
    initiator_did: BOB,
    responder_did: ALICE,
    max_rounds: 5,
    expires_at: FAR_FUTURE,
  },
  usefulness_proofs: {
    intent_id: FIXTURE_IDS.intent,
    agent_did: BOB,
    work_type: 'validation',
    usefulness_score: 42.5,
  },
  credit_accounts: { agent_did: BOB, balance: 500, reserved: 50 },
  credit_transactions: {
    agent_did: ALICE,
    tx_type: 'deposit',
    amount: 250,
    usefulness_proof_id: FIXTURE_IDS.proof,
  },
  credit_idempotency_keys: {
    idempotency_key: 'verify-alice-deposit',
    operation: 'deposit',
    agent_did: ALICE,
    request: { operation: 'deposit', agent_did: ALICE, amount: 250, metadata: {} },
  },
};
