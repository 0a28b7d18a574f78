import { binaryRowEncoder, type BinaryCopyWriter, type ColumnType } from './copy-binary.js';
import type {
  AgentRow,
  CreditAccountRow,
  CreditIdempotencyKeyRow,
  CreditTransactionRow,
  NegotiationRow,
  TrustScoreRow,
  UsefulnessProofRow,
} from '@ainp/db';

/**
 * A row as the seeder writes it: every column present, none left to a database default, so
 * ids and timestamps come from the seed and not from gen_random_uuid() or now().
 */
export type Seeded<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** Every column of T exactly once, with its type: the compiler rejects a missing or unknown column. */
type ColumnSet<T> = { readonly [K in keyof Required<T>]: ColumnType };

export interface SeedTable<T> {
  readonly name: SeedTableName;
  /** Column names, in COPY order. */
  readonly columns: readonly (keyof T & string)[];
  /** Each column's PostgreSQL type (checked against the catalog before a load). */
  readonly types: Readonly<Record<keyof T & string, ColumnType>>;
  /** The primary key, for stable ordering (checksums, dumps). */
  readonly key: keyof T & string;
  /** Writes one row in binary COPY format. */
  readonly encode: (writer: BinaryCopyWriter, row: T) => void;
}

function seedTable<T>(name: SeedTableName, key: keyof T & string, set: ColumnSet<T>): SeedTable<T> {
  const entries = Object.entries(set) as [keyof T & string, ColumnType][];
  return {
    name,
    key,
    columns: entries.map(([column]) => column),
    types: set as Readonly<Record<keyof T & string, ColumnType>>,
    encode: binaryRowEncoder<T>(entries),
  };
}

/** The seeded tables, in the order their rows must be loaded (foreign keys point backwards). */
export const SEED_TABLE_NAMES = [
  'agents',
  'trust_scores',
  'usefulness_proofs',
  'credit_accounts',
  'credit_transactions',
  'credit_idempotency_keys',
  'negotiations',
] as const;
export type SeedTableName = (typeof SEED_TABLE_NAMES)[number];

export interface SeedRows {
  agents: Seeded<AgentRow>;
  trust_scores: Seeded<TrustScoreRow>;
  usefulness_proofs: Seeded<UsefulnessProofRow>;
  credit_accounts: Seeded<CreditAccountRow>;
  credit_transactions: Seeded<CreditTransactionRow>;
  credit_idempotency_keys: Seeded<CreditIdempotencyKeyRow>;
  negotiations: Seeded<NegotiationRow>;
}

export const SEED_TABLES: { readonly [N in SeedTableName]: SeedTable<SeedRows[N]> } = {
  agents: seedTable<AgentRow>('agents', 'id', {
    id: 'uuid',
    did: 'text',
    public_key: 'text',
    created_at: 'timestamptz',
    last_seen_at: 'timestamptz',
    ttl: 'bigint',
    expires_at: 'timestamptz',
    capabilities: 'text[]',
    usefulness_score_cached: 'numeric',
    usefulness_last_updated: 'timestamptz',
  }),
  trust_scores: seedTable<TrustScoreRow>('trust_scores', 'agent_did', {
    agent_did: 'text',
    score: 'numeric',
    reliability: 'numeric',
    honesty: 'numeric',
    competence: 'numeric',
    timeliness: 'numeric',
    decay_rate: 'numeric',
    last_updated: 'timestamptz',
  }),
  usefulness_proofs: seedTable<UsefulnessProofRow>('usefulness_proofs', 'id', {
    id: 'uuid',
    intent_id: 'uuid',
    agent_did: 'text',
    work_type: 'text',
    metrics: 'jsonb',
    attestations: 'text[]',
    trace_id: 'text',
    usefulness_score: 'numeric',
    created_at: 'timestamptz',
  }),
  credit_accounts: seedTable<CreditAccountRow>('credit_accounts', 'agent_did', {
    agent_did: 'text',
    balance: 'bigint',
    reserved: 'bigint',
    earned: 'bigint',
    spent: 'bigint',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  }),
  credit_transactions: seedTable<CreditTransactionRow>('credit_transactions', 'id', {
    id: 'uuid',
    agent_did: 'text',
    tx_type: 'text',
    amount: 'bigint',
    intent_id: 'uuid',
    usefulness_proof_id: 'uuid',
    metadata: 'jsonb',
    idempotency_key: 'text',
    created_at: 'timestamptz',
  }),
  credit_idempotency_keys: seedTable<CreditIdempotencyKeyRow>(
    'credit_idempotency_keys',
    'idempotency_key',
    {
      idempotency_key: 'text',
      operation: 'text',
      agent_did: 'text',
      request: 'jsonb',
      result: 'jsonb',
      created_at: 'timestamptz',
    },
  ),
  negotiations: seedTable<NegotiationRow>('negotiations', 'id', {
    id: 'uuid',
    intent_id: 'uuid',
    initiator_did: 'text',
    responder_did: 'text',
    state: 'text',
    rounds: 'jsonb',
    convergence_score: 'numeric',
    current_proposal: 'jsonb',
    final_proposal: 'jsonb',
    incentive_split: 'jsonb',
    max_rounds: 'integer',
    created_at: 'timestamptz',
    expires_at: 'timestamptz',
    updated_at: 'timestamptz',
  }),
};

/** `COPY agents (id, did, ...) FROM STDIN (FORMAT binary)`: the statement for one table. */
export function copyFromStdinSql(table: SeedTableName): string {
  return `COPY ${table} (${SEED_TABLES[table].columns.join(', ')}) FROM STDIN (FORMAT binary)`;
}
