-- 041: the two JSON shape checks 027 wrote in PL/pgSQL become single SQL expressions with the same
-- results, which PostgreSQL inlines into the CHECK constraints instead of starting a PL/pgSQL call
-- and three subqueries per row. Same rules as 027 (test/json-shape-inlined.test.ts compares both
-- bodies on every case): the incentive split is exactly the four shares, each a number in [0,1],
-- summing to 1 within 1e-9; the known numeric metrics of each work type, where present, are
-- non-negative numbers. CREATE OR REPLACE: no table is locked, no row is rechecked (the rules are
-- unchanged). Rolled back with 027 (pnpm rollback json-shape-rules).

-- TRUE when a metric is absent (SQL NULL) or a JSON number >= 0; FALSE for any other JSON value.
CREATE OR REPLACE FUNCTION usefulness_metric_valid(p_value jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p_value IS NULL THEN true
              WHEN jsonb_typeof(p_value) = 'number' THEN p_value::numeric >= 0
              ELSE false END
$$;

-- TRUE when p_split is {"agent", "broker", "validator", "pool"}, shares in [0,1] summing to 1 ± 1e-9.
CREATE OR REPLACE FUNCTION negotiation_incentive_split_valid(p_split jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p_split IS NULL THEN NULL
    WHEN jsonb_typeof(p_split) <> 'object'
      OR NOT p_split ?& ARRAY['agent', 'broker', 'pool', 'validator']
      OR p_split - ARRAY['agent', 'broker', 'pool', 'validator'] <> '{}'::jsonb
      OR jsonb_typeof(p_split -> 'agent') <> 'number'
      OR jsonb_typeof(p_split -> 'broker') <> 'number'
      OR jsonb_typeof(p_split -> 'pool') <> 'number'
      OR jsonb_typeof(p_split -> 'validator') <> 'number' THEN false
    ELSE (p_split -> 'agent')::numeric BETWEEN 0 AND 1
     AND (p_split -> 'broker')::numeric BETWEEN 0 AND 1
     AND (p_split -> 'pool')::numeric BETWEEN 0 AND 1
     AND (p_split -> 'validator')::numeric BETWEEN 0 AND 1
     AND abs((p_split -> 'agent')::numeric + (p_split -> 'broker')::numeric
             + (p_split -> 'pool')::numeric + (p_split -> 'validator')::numeric - 1) <= 1e-9
  END
$$;

-- TRUE when p_metrics is an object of at most 64 kB whose known numeric metrics for p_work_type
-- (the number fields of the *Metrics interfaces in jsonb-shapes.ts) are non-negative numbers.
CREATE OR REPLACE FUNCTION usefulness_metrics_valid(p_work_type text, p_metrics jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p_metrics IS NULL THEN NULL
    WHEN jsonb_typeof(p_metrics) <> 'object' OR octet_length(p_metrics::text) > 65536 THEN false
    WHEN p_work_type = 'compute' THEN
          usefulness_metric_valid(p_metrics -> 'cpu_ms') AND usefulness_metric_valid(p_metrics -> 'gpu_ms')
      AND usefulness_metric_valid(p_metrics -> 'peak_memory_mb') AND usefulness_metric_valid(p_metrics -> 'tokens_processed')
    WHEN p_work_type = 'memory' THEN
          usefulness_metric_valid(p_metrics -> 'bytes_stored') AND usefulness_metric_valid(p_metrics -> 'retrievals')
      AND usefulness_metric_valid(p_metrics -> 'hit_rate') AND usefulness_metric_valid(p_metrics -> 'retention_days')
    WHEN p_work_type = 'routing' THEN
          usefulness_metric_valid(p_metrics -> 'messages_routed') AND usefulness_metric_valid(p_metrics -> 'avg_latency_ms')
      AND usefulness_metric_valid(p_metrics -> 'delivery_rate') AND usefulness_metric_valid(p_metrics -> 'avg_hops')
    WHEN p_work_type = 'validation' THEN
          usefulness_metric_valid(p_metrics -> 'items_validated') AND usefulness_metric_valid(p_metrics -> 'errors_found')
      AND usefulness_metric_valid(p_metrics -> 'accuracy')
    WHEN p_work_type = 'learning' THEN
          usefulness_metric_valid(p_metrics -> 'training_samples') AND usefulness_metric_valid(p_metrics -> 'epochs')
      AND usefulness_metric_valid(p_metrics -> 'accuracy_before') AND usefulness_metric_valid(p_metrics -> 'accuracy_after')
    ELSE true
  END
$$;
