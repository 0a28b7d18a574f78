-- 012 (emergency only): undoes 012_add_credit_operations.sql. Drops the credit functions, the table
-- credit_idempotency_keys (rows, indexes) and credit_transactions.idempotency_key, and takes 012 out of
-- `migrations` in the same transaction. Balances and ledger rows stay as 009 keeps them. Safe to run
-- again; refuses, changing nothing, while anything else still uses the credit functions.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/012_rollback_credit_operations.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql
-- refuse_while_credit_error_hints(): the refusal the rollbacks of 012 and 023 share.
\ir include/credit-error-hints.sql

DO $rollback$
DECLARE
  own    constant text[] := ARRAY[
    'credit_deposit', 'credit_earn', 'credit_reserve', 'credit_release', 'credit_spend',
    'credit_begin', 'credit_finish', 'credit_check_arguments', 'credit_check_headroom',
    'credit_check_available', 'credit_check_reserved', 'credit_replay', 'credit_replay_claimed',
    'credit_lock_account', 'credit_claim_key'];
  lost   bigint;
  users  text;
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. Refuse while a function outside this feature calls the credit functions or reads the keys
  --    (PostgreSQL does not track function bodies; views and other tracked users stop the drops).
  SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
    INTO users
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
     AND p.proname <> ALL (own)
     AND p.prosrc ~ ('\m(' || array_to_string(own, '|') || '|credit_idempotency_keys)\M');
  IF users IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back the credit operations (012): function % still uses them. Nothing was changed. Roll back the feature that added it first.', users
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- Refuse while 040 (the credit error hints) is applied (include/credit-error-hints.sql).
  PERFORM pg_temp.refuse_while_credit_error_hints('the credit operations (012)');

  -- Refuse while 030-039 (the distribution-ready keys) are applied: they changed this feature's
  -- tables or functions, and undoing it under them would leave a schema no migration describes.
  IF (SELECT pg_get_constraintdef(oid) FROM pg_constraint
       WHERE conrelid = to_regclass('agents') AND conname = 'agents_pkey') = 'PRIMARY KEY (did)'
     OR num_nonnulls(to_regclass('agents_did_pkey_index'), to_regclass('usefulness_proofs_agent_did_id_key'),
          to_regclass('credit_transactions_agent_did_id_key'), to_regclass('negotiations_initiator_did_id_key'),
          to_regclass('credit_idempotency_keys_agent_did_key_key')) > 0 THEN
    RAISE EXCEPTION 'Refusing to roll back the credit operations (012): the distribution-ready keys (030-039) are applied. Nothing was changed. Roll them back first (030_rollback_distribution_ready_keys.sql, or pnpm rollback distribution-ready-keys).'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 2. Report what goes, then drop: the functions, the keys (the record of which requests already
  --    ran, so a retry after re-applying 012 would run again), and the column on the ledger rows.
  BEGIN
    SELECT string_agg(p.proname, ', ' ORDER BY array_position(own, p.proname::text))
      INTO users
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = current_schema() AND p.proname = ANY (own);
    IF users IS NOT NULL THEN
      report := report || format('dropped functions %s', users);
    END IF;
    DROP FUNCTION IF EXISTS credit_deposit(text, bigint, text, jsonb);
    DROP FUNCTION IF EXISTS credit_earn(text, bigint, text, uuid, uuid, jsonb);
    DROP FUNCTION IF EXISTS credit_reserve(text, bigint, text, uuid, jsonb);
    DROP FUNCTION IF EXISTS credit_release(text, bigint, text, uuid, jsonb);
    DROP FUNCTION IF EXISTS credit_spend(text, bigint, text, boolean, uuid, jsonb);
    DROP FUNCTION IF EXISTS credit_begin(text, bigint, jsonb, boolean);
    DROP FUNCTION IF EXISTS credit_finish(text, credit_accounts);
    DROP FUNCTION IF EXISTS credit_check_arguments(text, bigint);
    DROP FUNCTION IF EXISTS credit_check_headroom(bigint, bigint);
    DROP FUNCTION IF EXISTS credit_check_available(credit_accounts, bigint, text);
    DROP FUNCTION IF EXISTS credit_check_reserved(credit_accounts, bigint, uuid, text);
    DROP FUNCTION IF EXISTS credit_replay(text, jsonb);
    DROP FUNCTION IF EXISTS credit_replay_claimed(text, jsonb);
    DROP FUNCTION IF EXISTS credit_lock_account(text, boolean);
    DROP FUNCTION IF EXISTS credit_claim_key(text, jsonb);
    IF to_regclass('credit_idempotency_keys') IS NOT NULL THEN
      SELECT count(*) INTO lost FROM credit_idempotency_keys;
      report := report || format('dropped table credit_idempotency_keys (%s lost), with its indexes', lost || CASE WHEN lost = 1 THEN ' row' ELSE ' rows' END);
    END IF;
    DROP TABLE IF EXISTS credit_idempotency_keys;
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('credit_transactions')
                AND attname = 'idempotency_key' AND NOT attisdropped) THEN
      SELECT count(idempotency_key) INTO lost FROM credit_transactions;
      report := report || format('dropped column credit_transactions.idempotency_key (its value in %s lost; the rows stay)', lost || CASE WHEN lost = 1 THEN ' row' ELSE ' rows' END);
    END IF;
    ALTER TABLE IF EXISTS credit_transactions DROP COLUMN IF EXISTS idempotency_key;
  EXCEPTION WHEN dependent_objects_still_exist THEN
    GET STACKED DIAGNOSTICS users = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'Refusing to roll back the credit operations (012): %. Nothing was changed. Roll back the feature that added it first.', replace(users, E'\n', '; ')
      USING ERRCODE = 'dependent_objects_still_exist';
  END;

  -- 3. Keep the migration history true: record, then remove, 012's row.
  report := report || pg_temp.rollback_history(ARRAY[12], '012_rollback_credit_operations.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the credit operations are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 012: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
