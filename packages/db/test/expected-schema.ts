import { DATA_TABLES_IN_FOREIGN_KEY_ORDER, describedTable } from '../src/index.js';

/**
 * The schema issue 2 asks for, with what issue 7's 012 adds (credit_idempotency_keys and
 * credit_transactions.idempotency_key) and the rules of issue 12 (015-028), written out as PostgreSQL prints it back (format_type,
 * pg_get_expr, pg_get_constraintdef, pg_indexes.indexdef), table by table, in column order.
 * Tests compare the live catalog with these lines; a line here is a fact the migrations promise.
 * The columns come from the schema description; the constraints and indexes are written here.
 */

const NON_TERMINAL = `WHERE (state <> ALL (ARRAY['accepted'::text, 'rejected'::text, 'expired'::text]))`;
const inUnit = (table: string, column: string) =>
  `${table}_${column}_check CHECK CHECK (((${column} >= (0)::numeric) AND (${column} <= (1)::numeric)))`;

/**
 * `column type [NOT NULL] [DEFAULT expr]`, in table order, for every table of the data model:
 * from the committed schema description (src/generated/schema-description.ts), which the drift
 * check keeps equal to what the migrations build.
 */
export const EXPECTED_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  DATA_TABLES_IN_FOREIGN_KEY_ORDER.map((table) => [
    table,
    describedTable(table).columns.map(
      (column) =>
        `${column.name} ${column.type}${column.notNull ? ' NOT NULL' : ''}${column.default === null ? '' : ` DEFAULT ${column.default}`}`,
    ),
  ]),
);

/** `name TYPE definition`, sorted by name (NOT NULL is on the columns above). */
export const EXPECTED_CONSTRAINTS: Record<string, readonly string[]> = {
  agents: [
    'agents_capabilities_format CHECK CHECK (agent_capabilities_valid(capabilities))',
    "agents_did_format CHECK CHECK (((did ~~ 'did:key:%'::text) OR (did ~~ 'did:web:%'::text)))",
    'agents_did_key UNIQUE UNIQUE (did)',
    "agents_did_syntax CHECK CHECK (((length(did) <= 2048) AND ((did ~ '^did:key:z[1-9A-HJ-NP-Za-km-z]+$'::text) OR (did ~ '^did:web:[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(%3[Aa][0-9]{1,5})?(:([A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+)*$'::text))))",
    'agents_expires_after_created CHECK CHECK ((expires_at > created_at))',
    'agents_last_seen_after_created CHECK CHECK ((last_seen_at >= created_at))',
    'agents_pkey PRIMARY KEY PRIMARY KEY (did)',
    "agents_public_key_format CHECK CHECK ((public_key ~ '^[^[:space:][:cntrl:]]+$'::text))",
    'agents_timestamps_finite CHECK CHECK ((isfinite(created_at) AND isfinite(last_seen_at) AND isfinite(expires_at) AND isfinite(usefulness_last_updated)))',
    'agents_ttl_positive CHECK CHECK ((ttl > 0))',
    'agents_usefulness_score_cached_check CHECK CHECK (((usefulness_score_cached >= (0)::numeric) AND (usefulness_score_cached <= (100)::numeric)))',
  ],
  trust_scores: [
    'trust_scores_agent_did_fkey FOREIGN KEY FOREIGN KEY (agent_did) REFERENCES agents(did) ON DELETE CASCADE',
    inUnit('trust_scores', 'competence'),
    'trust_scores_decay_rate_check CHECK CHECK (((decay_rate > (0)::numeric) AND (decay_rate <= (1)::numeric)))',
    inUnit('trust_scores', 'honesty'),
    'trust_scores_pkey PRIMARY KEY PRIMARY KEY (agent_did)',
    inUnit('trust_scores', 'reliability'),
    inUnit('trust_scores', 'score'),
    inUnit('trust_scores', 'timeliness'),
    'trust_scores_timestamps_finite CHECK CHECK (isfinite(last_updated))',
  ],
  negotiations: [
    'negotiation_participants_different CHECK CHECK ((initiator_did <> responder_did))',
    inUnit('negotiations', 'convergence_score'),
    "negotiations_current_proposal_shape CHECK CHECK (((jsonb_typeof(current_proposal) = 'object'::text) AND (octet_length((current_proposal)::text) <= 65536)))",
    'negotiations_expires_after_created CHECK CHECK ((expires_at > created_at))',
    "negotiations_final_proposal_shape CHECK CHECK (((jsonb_typeof(final_proposal) = 'object'::text) AND (octet_length((final_proposal)::text) <= 65536)))",
    "negotiations_final_proposal_when_accepted CHECK CHECK (((state = 'accepted'::text) = (final_proposal IS NOT NULL)))",
    'negotiations_incentive_split_shape CHECK CHECK (negotiation_incentive_split_valid(incentive_split))',
    'negotiations_initiator_did_fkey FOREIGN KEY FOREIGN KEY (initiator_did) REFERENCES agents(did) ON DELETE CASCADE',
    'negotiations_max_rounds_check CHECK CHECK (((max_rounds >= 1) AND (max_rounds <= 20)))',
    'negotiations_pkey PRIMARY KEY PRIMARY KEY (initiator_did, id)',
    'negotiations_responder_did_fkey FOREIGN KEY FOREIGN KEY (responder_did) REFERENCES agents(did) ON DELETE CASCADE',
    "negotiations_rounds_shape CHECK CHECK (\nCASE\n    WHEN (jsonb_typeof(rounds) = 'array'::text) THEN ((jsonb_array_length(rounds) <= max_rounds) AND (octet_length((rounds)::text) <= 1048576))\n    ELSE false\nEND)",
    "negotiations_state_check CHECK CHECK ((state = ANY (ARRAY['initiated'::text, 'proposed'::text, 'counter_proposed'::text, 'accepted'::text, 'rejected'::text, 'expired'::text])))",
    'negotiations_timestamps_finite CHECK CHECK ((isfinite(created_at) AND isfinite(expires_at) AND isfinite(updated_at)))',
  ],
  usefulness_proofs: [
    'usefulness_proofs_agent_did_fkey FOREIGN KEY FOREIGN KEY (agent_did) REFERENCES agents(did) ON DELETE CASCADE',
    'usefulness_proofs_metrics_shape CHECK CHECK (usefulness_metrics_valid(work_type, metrics))',
    'usefulness_proofs_pkey PRIMARY KEY PRIMARY KEY (agent_did, id)',
    'usefulness_proofs_timestamps_finite CHECK CHECK (isfinite(created_at))',
    'usefulness_proofs_usefulness_score_check CHECK CHECK (((usefulness_score >= (0)::numeric) AND (usefulness_score <= (100)::numeric)))',
    "usefulness_proofs_work_type_check CHECK CHECK ((work_type = ANY (ARRAY['compute'::text, 'memory'::text, 'routing'::text, 'validation'::text, 'learning'::text])))",
  ],
  credit_accounts: [
    'credit_accounts_agent_did_fkey FOREIGN KEY FOREIGN KEY (agent_did) REFERENCES agents(did) ON DELETE CASCADE',
    'credit_accounts_balance_check CHECK CHECK ((balance >= 0))',
    'credit_accounts_earned_check CHECK CHECK ((earned >= 0))',
    'credit_accounts_pkey PRIMARY KEY PRIMARY KEY (agent_did)',
    'credit_accounts_reserved_check CHECK CHECK ((reserved >= 0))',
    'credit_accounts_reserved_within_balance CHECK CHECK ((reserved <= balance))',
    'credit_accounts_spent_check CHECK CHECK ((spent >= 0))',
    'credit_accounts_timestamps_finite CHECK CHECK ((isfinite(created_at) AND isfinite(updated_at)))',
  ],
  credit_transactions: [
    'credit_transactions_agent_did_fkey FOREIGN KEY FOREIGN KEY (agent_did) REFERENCES credit_accounts(agent_did) ON DELETE CASCADE',
    'credit_transactions_amount_check CHECK CHECK ((amount > 0))',
    "credit_transactions_idempotency_key_not_blank CHECK CHECK ((idempotency_key ~ '[^[:space:]]'::text))",
    'credit_transactions_metadata_shape CHECK CHECK (transaction_metadata_valid(metadata))',
    'credit_transactions_pkey PRIMARY KEY PRIMARY KEY (agent_did, id)',
    'credit_transactions_timestamps_finite CHECK CHECK (isfinite(created_at))',
    "credit_transactions_tx_type_check CHECK CHECK ((tx_type = ANY (ARRAY['deposit'::text, 'earn'::text, 'reserve'::text, 'release'::text, 'spend'::text])))",
    'credit_transactions_usefulness_proof_id_fkey FOREIGN KEY FOREIGN KEY (agent_did, usefulness_proof_id) REFERENCES usefulness_proofs(agent_did, id) DEFERRABLE INITIALLY DEFERRED',
  ],
  credit_idempotency_keys: [
    'credit_idempotency_keys_agent_did_fkey FOREIGN KEY FOREIGN KEY (agent_did) REFERENCES credit_accounts(agent_did) ON DELETE CASCADE',
    'credit_idempotency_keys_key_length CHECK CHECK (((length(idempotency_key) >= 1) AND (length(idempotency_key) <= 255)))',
    "credit_idempotency_keys_key_not_blank CHECK CHECK ((idempotency_key ~ '[^[:space:]]'::text))",
    "credit_idempotency_keys_operation_check CHECK CHECK ((operation = ANY (ARRAY['deposit'::text, 'earn'::text, 'reserve'::text, 'release'::text, 'spend'::text])))",
    'credit_idempotency_keys_pkey PRIMARY KEY PRIMARY KEY (agent_did, idempotency_key)',
    'credit_idempotency_keys_timestamps_finite CHECK CHECK (isfinite(created_at))',
  ],
};

/** `name definition`, sorted by name, as pg_indexes prints them. */
export const EXPECTED_INDEXES: Record<string, readonly string[]> = {
  agents: [
    'agents_did_key CREATE UNIQUE INDEX agents_did_key ON public.agents USING btree (did)',
    'agents_pkey CREATE UNIQUE INDEX agents_pkey ON public.agents USING btree (did)',
    'idx_agents_capabilities CREATE INDEX idx_agents_capabilities ON public.agents USING gin (capabilities)',
    'idx_agents_expires_at CREATE INDEX idx_agents_expires_at ON public.agents USING btree (expires_at) WHERE (expires_at IS NOT NULL)',
    'idx_agents_usefulness CREATE INDEX idx_agents_usefulness ON public.agents USING btree (usefulness_score_cached DESC, last_seen_at DESC)',
  ],
  trust_scores: [
    'idx_trust_scores_score CREATE INDEX idx_trust_scores_score ON public.trust_scores USING btree (score DESC)',
    'trust_scores_pkey CREATE UNIQUE INDEX trust_scores_pkey ON public.trust_scores USING btree (agent_did)',
  ],
  negotiations: [
    `idx_negotiations_convergence CREATE INDEX idx_negotiations_convergence ON public.negotiations USING btree (convergence_score DESC) ${NON_TERMINAL}`,
    `idx_negotiations_expires CREATE INDEX idx_negotiations_expires ON public.negotiations USING btree (expires_at) ${NON_TERMINAL}`,
    'idx_negotiations_initiator CREATE INDEX idx_negotiations_initiator ON public.negotiations USING btree (initiator_did, created_at DESC)',
    'idx_negotiations_intent CREATE INDEX idx_negotiations_intent ON public.negotiations USING btree (intent_id)',
    'idx_negotiations_responder CREATE INDEX idx_negotiations_responder ON public.negotiations USING btree (responder_did, created_at DESC)',
    'idx_negotiations_state CREATE INDEX idx_negotiations_state ON public.negotiations USING btree (state)',
    'negotiations_pkey CREATE UNIQUE INDEX negotiations_pkey ON public.negotiations USING btree (initiator_did, id)',
  ],
  usefulness_proofs: [
    'idx_usefulness_agent CREATE INDEX idx_usefulness_agent ON public.usefulness_proofs USING btree (agent_did, created_at DESC)',
    'idx_usefulness_agent_score CREATE INDEX idx_usefulness_agent_score ON public.usefulness_proofs USING btree (agent_did, usefulness_score DESC)',
    'idx_usefulness_intent CREATE INDEX idx_usefulness_intent ON public.usefulness_proofs USING btree (intent_id)',
    'idx_usefulness_metrics CREATE INDEX idx_usefulness_metrics ON public.usefulness_proofs USING gin (metrics)',
    'idx_usefulness_score CREATE INDEX idx_usefulness_score ON public.usefulness_proofs USING btree (usefulness_score DESC)',
    'idx_usefulness_trace CREATE INDEX idx_usefulness_trace ON public.usefulness_proofs USING btree (trace_id)',
    'idx_usefulness_work_type CREATE INDEX idx_usefulness_work_type ON public.usefulness_proofs USING btree (work_type)',
    'usefulness_proofs_pkey CREATE UNIQUE INDEX usefulness_proofs_pkey ON public.usefulness_proofs USING btree (agent_did, id)',
  ],
  credit_accounts: [
    'credit_accounts_pkey CREATE UNIQUE INDEX credit_accounts_pkey ON public.credit_accounts USING btree (agent_did)',
    'idx_credit_accounts_balance CREATE INDEX idx_credit_accounts_balance ON public.credit_accounts USING btree (balance DESC)',
  ],
  credit_transactions: [
    'credit_transactions_pkey CREATE UNIQUE INDEX credit_transactions_pkey ON public.credit_transactions USING btree (agent_did, id)',
    'idx_credit_transactions_agent CREATE INDEX idx_credit_transactions_agent ON public.credit_transactions USING btree (agent_did, created_at DESC)',
    'idx_credit_transactions_intent CREATE INDEX idx_credit_transactions_intent ON public.credit_transactions USING btree (intent_id) WHERE (intent_id IS NOT NULL)',
    "idx_credit_transactions_one_earn_per_agent_proof CREATE UNIQUE INDEX idx_credit_transactions_one_earn_per_agent_proof ON public.credit_transactions USING btree (agent_did, usefulness_proof_id) WHERE ((tx_type = 'earn'::text) AND (usefulness_proof_id IS NOT NULL))",
    'idx_credit_transactions_proof CREATE INDEX idx_credit_transactions_proof ON public.credit_transactions USING btree (usefulness_proof_id) WHERE (usefulness_proof_id IS NOT NULL)',
    'idx_credit_transactions_type CREATE INDEX idx_credit_transactions_type ON public.credit_transactions USING btree (tx_type, created_at DESC)',
  ],
  credit_idempotency_keys: [
    'credit_idempotency_keys_pkey CREATE UNIQUE INDEX credit_idempotency_keys_pkey ON public.credit_idempotency_keys USING btree (agent_did, idempotency_key)',
    'idx_credit_idempotency_keys_agent CREATE INDEX idx_credit_idempotency_keys_agent ON public.credit_idempotency_keys USING btree (agent_did)',
  ],
};
