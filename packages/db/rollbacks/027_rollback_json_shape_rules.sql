-- 027 (emergency only): undoes 027_add_json_shape_rules.sql, 028_validate_json_shape_rules.sql and
-- 041_inline_json_shape_checks.sql (041 only rewrote 027's check functions). Puts back 012's
-- credit_begin, drops the JSON shape CHECKs and their functions, and takes 027, 028 and 041 out of
-- `migrations` in the same transaction. The rows stay. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/027_rollback_json_shape_rules.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql

DO $rollback$
DECLARE
  pair   text[];
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. Drop what the migrations added, reporting each thing that goes.
    IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('credit_begin(text, bigint, jsonb, boolean)')
                AND prosrc ~ 'credit_check_metadata') THEN
      EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_begin(
  p_idempotency_key text, p_amount bigint, p_request jsonb, p_open boolean,
  OUT account credit_accounts, OUT replayed boolean
)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM credit_check_arguments(p_idempotency_key, p_amount);
  account := credit_replay(p_idempotency_key, p_request);
  replayed := account.agent_did IS NOT NULL;
  IF replayed THEN RETURN; END IF;
  account := credit_lock_account(p_request ->> 'agent_did', p_open);
  IF NOT credit_claim_key(p_idempotency_key, p_request) THEN
    account := credit_replay_claimed(p_idempotency_key, p_request);
    replayed := true;
  END IF;
END
$$
$restore$;
      report := report || 'restored 012''s credit_begin (credit metadata is no longer checked)'::text;
    END IF;
    FOREACH pair SLICE 1 IN ARRAY ARRAY[
      ['negotiations', 'negotiations_rounds_shape'],
      ['negotiations', 'negotiations_current_proposal_shape'],
      ['negotiations', 'negotiations_final_proposal_shape'],
      ['negotiations', 'negotiations_incentive_split_shape'],
      ['usefulness_proofs', 'usefulness_proofs_metrics_shape'],
      ['credit_transactions', 'credit_transactions_metadata_shape']] LOOP
      IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(pair[1]) AND conname = pair[2]) THEN
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', pair[1], pair[2]);
        report := report || format('dropped constraint %s.%s (the rows stay)', pair[1], pair[2]);
      END IF;
    END LOOP;
    IF to_regprocedure('credit_check_metadata(jsonb)') IS NOT NULL OR to_regprocedure('transaction_metadata_valid(jsonb)') IS NOT NULL OR to_regprocedure('usefulness_metrics_valid(text, jsonb)') IS NOT NULL OR to_regprocedure('negotiation_incentive_split_valid(jsonb)') IS NOT NULL THEN
      report := report || 'dropped functions credit_check_metadata, transaction_metadata_valid, usefulness_metrics_valid and negotiation_incentive_split_valid'::text;
    END IF;
    IF to_regprocedure('usefulness_metric_valid(jsonb)') IS NOT NULL THEN
      report := report || 'dropped function usefulness_metric_valid (041)'::text;
    END IF;
    DROP FUNCTION IF EXISTS credit_check_metadata(jsonb);
    DROP FUNCTION IF EXISTS transaction_metadata_valid(jsonb);
    DROP FUNCTION IF EXISTS usefulness_metrics_valid(text, jsonb);
    DROP FUNCTION IF EXISTS negotiation_incentive_split_valid(jsonb);
    DROP FUNCTION IF EXISTS usefulness_metric_valid(jsonb);

  -- 2. Keep the migration history true: record, then remove, the migrations' rows.
  report := report || pg_temp.rollback_history(ARRAY[27, 28, 41], '027_rollback_json_shape_rules.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the JSON shape rules are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 027: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
