/**
 * The shapes of the JSONB columns, the contract between the services that write them and those
 * that read them. Migration 027 makes PostgreSQL hold their outline (objects and arrays where these
 * say so, the four incentive shares summing to 1, rounds within max_rounds, the number fields of
 * each *Metrics non-negative, size limits); the rest is this contract. See docs/database-rules.md. The
 * generated row types (src/generated/database-types.ts) import them; JSONB_COLUMN_SHAPES says
 * which column holds which shape. Keys are snake_case like the columns around them. JSON has no
 * bigint and no timestamp: amounts are numbers of credit atomic units (1 credit = 1000 units, at
 * most Number.MAX_SAFE_INTEGER) and times are ISO 8601 strings.
 */

import type { CreditOperationType } from '../generated/database-types.js';

/** Any value jsonb can hold. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What one agent offers the other in a negotiation. */
export interface Proposal {
  /** The price asked or offered, in credit atomic units. */
  price: number;
  /** How long after acceptance the work will be delivered, in milliseconds. */
  delivery_time_ms?: number;
  /** The success rate the provider commits to, 0–1. */
  quality_sla?: number;
  /** Any other term the two agents negotiate over, by name. */
  custom_terms?: Record<string, JsonValue>;
}

/** One round of a negotiation: who proposed what, and when. `negotiations.rounds` lists them in order. */
export interface NegotiationRound {
  /** 1 for the opening proposal, counting up to the negotiation's max_rounds. */
  round_number: number;
  proposer_did: string;
  proposal: Proposal;
  /** When the proposal was made, ISO 8601. */
  proposed_at: string;
  /** How close the two sides were after this round, 0–1. */
  convergence_score?: number;
}

/**
 * How a payment is divided, as fractions that sum to 1. The column default is
 * 70% agent, 10% broker, 10% validator, 10% pool.
 */
export interface IncentiveSplit {
  agent: number;
  broker: number;
  validator: number;
  pool: number;
}

/** Work measured for a `compute` proof. */
export interface ComputeMetrics {
  cpu_ms: number;
  gpu_ms?: number;
  peak_memory_mb?: number;
  /** Model tokens processed, for inference work. */
  tokens_processed?: number;
}

/** Work measured for a `memory` proof: storing and serving data for other agents. */
export interface MemoryMetrics {
  bytes_stored: number;
  retrievals: number;
  /** Share of retrievals served from storage, 0–1. */
  hit_rate?: number;
  retention_days?: number;
}

/** Work measured for a `routing` proof: relaying messages between agents. */
export interface RoutingMetrics {
  messages_routed: number;
  avg_latency_ms: number;
  /** Share of messages delivered, 0–1. */
  delivery_rate?: number;
  avg_hops?: number;
}

/** Work measured for a `validation` proof: checking other agents' results. */
export interface ValidationMetrics {
  items_validated: number;
  errors_found: number;
  /** Agreement with the final consensus, 0–1. */
  accuracy?: number;
  /** The usefulness proofs this validation checked. */
  validated_proof_ids?: string[];
}

/** Work measured for a `learning` proof: training or fine-tuning a model. */
export interface LearningMetrics {
  training_samples: number;
  epochs?: number;
  accuracy_before?: number;
  accuracy_after?: number;
  model_id?: string;
}

/** `usefulness_proofs.metrics` for each work type; the keys are exactly the WorkType values. */
export interface UsefulnessMetricsByWorkType {
  compute: ComputeMetrics;
  memory: MemoryMetrics;
  routing: RoutingMetrics;
  validation: ValidationMetrics;
  learning: LearningMetrics;
}

/** The column default `{}`: a proof inserted without measurements. */
export type NoMetrics = Record<string, never>;

/**
 * `usefulness_proofs.metrics`: the shape for the row's work_type (narrow with
 * `UsefulnessMetricsByWorkType[row.work_type]`), or `{}` when none were recorded.
 */
export type UsefulnessMetrics =
  UsefulnessMetricsByWorkType[keyof UsefulnessMetricsByWorkType] | NoMetrics;

/** `credit_transactions.metadata`: context for a ledger entry. The column default is `{}`. */
export interface TransactionMetadata {
  /** A human-readable reason, shown on statements. */
  description?: string;
  /** The negotiation whose agreement this entry reserves for, pays or releases. */
  negotiation_id?: string;
  /** For release and spend: the reserve transaction this entry settles. */
  reserve_transaction_id?: string;
  /** The other agent: the payer of an earning, the payee of a spend. */
  counterparty_did?: string;
  /** For earnings paid out under an incentive split: whose share this is. */
  incentive_role?: keyof IncentiveSplit;
  /** For deposits: where the credits came from. */
  source?: 'purchase' | 'grant' | 'refund';
  /**
   * Set by the caller so that a retried request is recognised and not applied twice. The credit
   * functions (migration 012) keep their key in the column `credit_transactions.idempotency_key`.
   */
  idempotency_key?: string;
}

/**
 * `credit_idempotency_keys.request`: the arguments of the credit operation that claimed the key.
 * A retry must send exactly these again; optional keys are present (possibly null) for the
 * operations that take them.
 */
export interface CreditOperationRequest {
  operation: CreditOperationType;
  agent_did: string;
  /** Credit atomic units. */
  amount: number;
  metadata: TransactionMetadata;
  /** reserve, release, spend and earn. */
  intent_id?: string | null;
  /** earn only. */
  usefulness_proof_id?: string | null;
  /** spend only: true when it settled a reservation. */
  from_reservation?: boolean;
}

/**
 * `credit_idempotency_keys.result`: the `credit_accounts` row the operation left, which every
 * retry with the key gets back. NULL only inside the transaction that claimed the key.
 */
export interface CreditAccountSnapshot {
  agent_did: string;
  /** Credit atomic units, as are reserved, earned and spent. */
  balance: number;
  reserved: number;
  earned: number;
  spent: number;
  /** ISO 8601. */
  created_at: string;
  updated_at: string;
}

/**
 * Which shape each JSONB column holds, as `table.column` → TypeScript type text. `pnpm db:types`
 * refuses a JSONB column missing from here, so a new one cannot slip in untyped.
 */
export const JSONB_COLUMN_SHAPES: Readonly<Record<string, string>> = {
  'credit_idempotency_keys.request': 'CreditOperationRequest',
  'credit_idempotency_keys.result': 'CreditAccountSnapshot',
  'credit_transactions.metadata': 'TransactionMetadata',
  'negotiations.current_proposal': 'Proposal',
  'negotiations.final_proposal': 'Proposal',
  'negotiations.incentive_split': 'IncentiveSplit',
  'negotiations.rounds': 'NegotiationRound[]',
  'usefulness_proofs.metrics': 'UsefulnessMetrics',
};
