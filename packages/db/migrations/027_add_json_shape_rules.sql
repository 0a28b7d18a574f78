-- 027: the JSONB columns hold the shapes src/jsonb-shapes.ts describes, with a size limit each:
-- rounds an array of at most max_rounds entries (1 MB); proposals and metrics objects (64 kB); the
-- incentive split exactly the four shares, each in [0,1], summing to 1 within 1e-9; the known numeric
-- metrics of each work type non-negative numbers; ledger metadata an object (16 kB), which the credit
-- functions also check of their argument (AC011). CHECKs added NOT VALID; 028 validates them.

-- TRUE when p_split is {"agent", "broker", "validator", "pool"}, shares in [0,1] summing to 1 ± 1e-9.
CREATE OR REPLACE FUNCTION negotiation_incentive_split_valid(p_split jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF p_split IS NULL THEN RETURN NULL; END IF;
  IF jsonb_typeof(p_split) <> 'object' THEN RETURN false; END IF;
  IF (SELECT array_agg(key ORDER BY key) FROM jsonb_object_keys(p_split) AS key)
     IS DISTINCT FROM ARRAY['agent', 'broker', 'pool', 'validator'] THEN
    RETURN false;
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_each(p_split) AS share
              WHERE CASE WHEN jsonb_typeof(share.value) = 'number'
                         THEN share.value::numeric NOT BETWEEN 0 AND 1 ELSE true END) THEN
    RETURN false;
  END IF;
  RETURN abs((SELECT sum(share.value::numeric) FROM jsonb_each(p_split) AS share) - 1) <= 1e-9;
END
$$;

-- TRUE when p_metrics is an object of at most 64 kB whose known numeric metrics for p_work_type
-- (the number fields of the *Metrics interfaces in jsonb-shapes.ts) are non-negative numbers.
CREATE OR REPLACE FUNCTION usefulness_metrics_valid(p_work_type text, p_metrics jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  v_numeric text[] := CASE p_work_type
    WHEN 'compute' THEN ARRAY['cpu_ms', 'gpu_ms', 'peak_memory_mb', 'tokens_processed']
    WHEN 'memory' THEN ARRAY['bytes_stored', 'retrievals', 'hit_rate', 'retention_days']
    WHEN 'routing' THEN ARRAY['messages_routed', 'avg_latency_ms', 'delivery_rate', 'avg_hops']
    WHEN 'validation' THEN ARRAY['items_validated', 'errors_found', 'accuracy']
    WHEN 'learning' THEN ARRAY['training_samples', 'epochs', 'accuracy_before', 'accuracy_after']
    ELSE ARRAY[]::text[] END;
BEGIN
  IF p_metrics IS NULL THEN RETURN NULL; END IF;
  IF jsonb_typeof(p_metrics) <> 'object' OR octet_length(p_metrics::text) > 65536 THEN
    RETURN false;
  END IF;
  RETURN NOT EXISTS (
    SELECT 1 FROM jsonb_each(p_metrics) AS metric
     WHERE metric.key = ANY (v_numeric)
       AND CASE WHEN jsonb_typeof(metric.value) = 'number' THEN metric.value::numeric < 0 ELSE true END);
END
$$;

-- TRUE when p_metadata is a JSON object of at most 16 kB: the ledger's metadata rule.
CREATE OR REPLACE FUNCTION transaction_metadata_valid(p_metadata jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_typeof(p_metadata) = 'object' AND octet_length(p_metadata::text) <= 16384
$$;

-- AC011 unless the metadata a credit operation was given obeys the ledger's metadata rule.
CREATE OR REPLACE FUNCTION credit_check_metadata(p_metadata jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT transaction_metadata_valid(p_metadata) THEN
    RAISE EXCEPTION 'invalid metadata: it must be a JSON object of at most 16384 bytes, got %',
      CASE WHEN jsonb_typeof(p_metadata) <> 'object' THEN 'a JSON ' || jsonb_typeof(p_metadata)
           ELSE octet_length(p_metadata::text) || ' bytes' END
      USING ERRCODE = 'AC011',
            HINT = 'Pass an object such as {"description": "..."}, or leave the metadata out.';
  END IF;
END
$$;

-- As 012's credit_begin, plus the metadata check with the other argument checks.
CREATE OR REPLACE FUNCTION credit_begin(
  p_idempotency_key text, p_amount bigint, p_request jsonb, p_open boolean,
  OUT account credit_accounts, OUT replayed boolean
)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM credit_check_arguments(p_idempotency_key, p_amount);
  PERFORM credit_check_metadata(p_request -> 'metadata');
  account := credit_replay(p_idempotency_key, p_request);
  replayed := account.agent_did IS NOT NULL;
  IF replayed THEN RETURN; END IF;
  account := credit_lock_account(p_request ->> 'agent_did', p_open);
  IF NOT credit_claim_key(p_idempotency_key, p_request) THEN
    account := credit_replay_claimed(p_idempotency_key, p_request);
    replayed := true;
  END IF;
END
$$;

SELECT add_check_not_valid('negotiations', 'negotiations_rounds_shape', $$CASE WHEN jsonb_typeof(rounds) = 'array'
  THEN jsonb_array_length(rounds) <= max_rounds AND octet_length(rounds::text) <= 1048576 ELSE false END$$);
SELECT add_check_not_valid('negotiations', 'negotiations_current_proposal_shape',
  $$jsonb_typeof(current_proposal) = 'object' AND octet_length(current_proposal::text) <= 65536$$);
SELECT add_check_not_valid('negotiations', 'negotiations_final_proposal_shape',
  $$jsonb_typeof(final_proposal) = 'object' AND octet_length(final_proposal::text) <= 65536$$);
SELECT add_check_not_valid('negotiations', 'negotiations_incentive_split_shape',
  'negotiation_incentive_split_valid(incentive_split)');
SELECT add_check_not_valid('usefulness_proofs', 'usefulness_proofs_metrics_shape',
  'usefulness_metrics_valid(work_type, metrics)');
SELECT add_check_not_valid('credit_transactions', 'credit_transactions_metadata_shape',
  'transaction_metadata_valid(metadata)');
