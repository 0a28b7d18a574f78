-- 040 (emergency only): undoes 040_add_credit_error_hints.sql. Puts back the bodies of the four
-- credit checks from before it (023's credit_check_arguments, 012's others: AC001, AC003 and AC005
-- come without a HINT again) and takes 040 out of `migrations` in the same transaction. No table or
-- row changes. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/040_rollback_credit_error_hints.sql

BEGIN;
-- Hides the server's notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql

DO $rollback$
DECLARE
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. Put back each body 040 replaced (text for text, so the catalog is as before 040).
  IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('credit_check_arguments(text, bigint)')
              AND strpos(prosrc, 'totals within the bigint range') > 0) THEN
    EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_check_arguments(p_idempotency_key text, p_amount bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_idempotency_key IS NULL OR length(p_idempotency_key) NOT BETWEEN 1 AND 255
     OR p_idempotency_key !~ '[^[:space:]]' THEN
    RAISE EXCEPTION 'invalid idempotency key: it must be 1 to 255 characters, not all whitespace, got %',
      coalesce(length(p_idempotency_key)::text || ' characters', 'NULL')
        || CASE WHEN length(p_idempotency_key) > 0 AND p_idempotency_key !~ '[^[:space:]]'
             THEN ' of whitespace' ELSE '' END
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
    report := report || 'restored the body of credit_check_arguments from before 040 (AC005 comes without a HINT again)'::text;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('credit_check_headroom(bigint, bigint)')
              AND strpos(prosrc, 'totals within the bigint range') > 0) THEN
    EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_check_headroom(p_total bigint, p_amount bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_amount > 9223372036854775807 - p_total THEN
    RAISE EXCEPTION 'invalid amount %: the account total would exceed the bigint range', p_amount
      USING ERRCODE = 'AC005';
  END IF;
END
$$
$restore$;
    report := report || 'restored the body of credit_check_headroom from before 040 (AC005 comes without a HINT again)'::text;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('credit_check_available(credit_accounts, bigint, text)')
              AND strpos(prosrc, 'Deposit or earn more') > 0) THEN
    EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_check_available(
  p_account credit_accounts, p_amount bigint, p_operation text
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_account.balance - p_account.reserved < p_amount THEN
    RAISE EXCEPTION 'insufficient credit: agent % has % available (balance %, reserved %), % needs %',
      p_account.agent_did, p_account.balance - p_account.reserved, p_account.balance,
      p_account.reserved, p_operation, p_amount
      USING ERRCODE = 'AC001';
  END IF;
END
$$
$restore$;
    report := report || 'restored the body of credit_check_available from before 040 (AC001 comes without a HINT again)'::text;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('credit_check_reserved(credit_accounts, bigint, uuid, text)')
              AND strpos(prosrc, 'Release or settle at most') > 0) THEN
    EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_check_reserved(
  p_account credit_accounts, p_amount bigint, p_intent_id uuid, p_operation text
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_limit bigint := p_account.reserved;
BEGIN
  IF p_intent_id IS NOT NULL THEN
    SELECT least(v_limit, coalesce(sum(CASE tx_type WHEN 'reserve' THEN amount ELSE -amount END), 0))
      INTO v_limit
      FROM credit_transactions
     WHERE agent_did = p_account.agent_did AND intent_id = p_intent_id
       AND tx_type IN ('reserve', 'release');
  END IF;
  IF p_amount > v_limit THEN
    RAISE EXCEPTION 'reservation exceeded: % of % asked, but only % is reserved%',
      p_operation, p_amount, v_limit, coalesce(' for intent ' || p_intent_id, '')
      USING ERRCODE = 'AC003';
  END IF;
END
$$
$restore$;
    report := report || 'restored the body of credit_check_reserved from before 040 (AC003 comes without a HINT again)'::text;
  END IF;

  -- 2. Keep the migration history true: record, then remove, the migration's row.
  report := report || pg_temp.rollback_history(ARRAY[40], '040_rollback_credit_error_hints.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the credit error hints are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 040: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
