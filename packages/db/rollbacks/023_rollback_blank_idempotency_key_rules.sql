-- 023 (emergency only): undoes 023_add_blank_idempotency_key_rules.sql and 024_validate_blank_idempotency_key_rules.sql.
-- Puts back 012's credit_check_arguments, drops the two not-blank CHECKs and takes 023 and 024 out
-- of `migrations` in the same transaction. The rows stay. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/023_rollback_blank_idempotency_key_rules.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql
-- refuse_while_credit_error_hints(): the refusal the rollbacks of 012 and 023 share.
\ir include/credit-error-hints.sql

DO $rollback$
DECLARE
  pair   text[];
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- Refuse while 040 (the credit error hints) is applied (include/credit-error-hints.sql).
  PERFORM pg_temp.refuse_while_credit_error_hints('the blank idempotency key rules (023)');

  -- 1. Drop what the migrations added, reporting each thing that goes.
    IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('credit_check_arguments(text, bigint)')
                AND prosrc ~ '\[:space:\]') THEN
      EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_check_arguments(p_idempotency_key text, p_amount bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_idempotency_key IS NULL OR length(p_idempotency_key) NOT BETWEEN 1 AND 255 THEN
    RAISE EXCEPTION 'invalid idempotency key: it must be 1 to 255 characters, got %',
      coalesce(length(p_idempotency_key)::text || ' characters', 'NULL')
      USING ERRCODE = 'AC008',
            HINT = 'Send a unique key per logical request, e.g. a UUID, and reuse it only to retry.';
  END IF;
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'invalid amount %: amounts are positive bigint atomic units (1 credit = 1000)',
      coalesce(p_amount::text, 'NULL')
      USING ERRCODE = 'AC005';
  END IF;
END
$$
$restore$;
      report := report || 'restored 012''s credit_check_arguments (a whitespace-only key is accepted again)'::text;
    END IF;
    FOREACH pair SLICE 1 IN ARRAY ARRAY[
      ['credit_idempotency_keys', 'credit_idempotency_keys_key_not_blank'],
      ['credit_transactions', 'credit_transactions_idempotency_key_not_blank']] LOOP
      IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(pair[1]) AND conname = pair[2]) THEN
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', pair[1], pair[2]);
        report := report || format('dropped constraint %s.%s (the rows stay)', pair[1], pair[2]);
      END IF;
    END LOOP;

  -- 2. Keep the migration history true: record, then remove, the migrations' rows.
  report := report || pg_temp.rollback_history(ARRAY[23, 24], '023_rollback_blank_idempotency_key_rules.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the blank idempotency key rules are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 023: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
