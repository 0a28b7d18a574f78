-- 010 (emergency only): undoes 009. Drops credit_transactions and credit_accounts (rows, indexes,
-- trigger) and update_credit_accounts_timestamp(), and takes 009 out of `migrations` in the same
-- transaction. Safe to run again; refuses, changing nothing, while anything else still uses the ledger.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/010_rollback_credit_ledger.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql

DO $rollback$
DECLARE
  lost   bigint;
  users  text;
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. Refuse while something outside this feature uses it. PostgreSQL tracks views, foreign keys
  --    and triggers (the RESTRICT drops below fail on them); it does not track function bodies.
  SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
    INTO users
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
     AND p.proname <> 'update_credit_accounts_timestamp'
     AND p.prosrc ~ '\m(credit_accounts|credit_transactions|update_credit_accounts_timestamp)\M';
  IF users IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back the credit ledger (010): function % still uses it. Nothing was changed. Roll back the feature that added it first.', users
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- Refuse while 030-039 (the distribution-ready keys) are applied: they changed this feature's
  -- tables or functions, and undoing it under them would leave a schema no migration describes.
  IF (SELECT pg_get_constraintdef(oid) FROM pg_constraint
       WHERE conrelid = to_regclass('agents') AND conname = 'agents_pkey') = 'PRIMARY KEY (did)'
     OR num_nonnulls(to_regclass('agents_did_pkey_index'), to_regclass('usefulness_proofs_agent_did_id_key'),
          to_regclass('credit_transactions_agent_did_id_key'), to_regclass('negotiations_initiator_did_id_key'),
          to_regclass('credit_idempotency_keys_agent_did_key_key')) > 0 THEN
    RAISE EXCEPTION 'Refusing to roll back the credit ledger (010): the distribution-ready keys (030-039) are applied. Nothing was changed. Roll them back first (030_rollback_distribution_ready_keys.sql, or pnpm rollback distribution-ready-keys).'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 2. Count what is lost, then drop. Each table takes its indexes (and trigger) with it.
  BEGIN
    IF to_regclass('credit_transactions') IS NOT NULL THEN
      SELECT count(*) INTO lost FROM credit_transactions;
      report := report || format('dropped table credit_transactions (%s lost), with its indexes', lost || CASE WHEN lost = 1 THEN ' row' ELSE ' rows' END);
    END IF;
    DROP TABLE IF EXISTS credit_transactions;
    IF to_regclass('credit_accounts') IS NOT NULL THEN
      SELECT count(*) INTO lost FROM credit_accounts;
      report := report || format('dropped table credit_accounts (%s lost), with its index and trigger trg_credit_accounts_update', lost || CASE WHEN lost = 1 THEN ' row' ELSE ' rows' END);
    END IF;
    DROP TRIGGER IF EXISTS trg_credit_accounts_update ON credit_accounts;
    DROP TABLE IF EXISTS credit_accounts;
    IF to_regprocedure('update_credit_accounts_timestamp()') IS NOT NULL THEN
      report := report || 'dropped function update_credit_accounts_timestamp()'::text;
    END IF;
    DROP FUNCTION IF EXISTS update_credit_accounts_timestamp();
  EXCEPTION WHEN dependent_objects_still_exist THEN
    GET STACKED DIAGNOSTICS users = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'Refusing to roll back the credit ledger (010): %. Nothing was changed. Roll back the feature that added it first.', replace(users, E'\n', '; ')
      USING ERRCODE = 'dependent_objects_still_exist';
  END;

  -- 3. Keep the migration history true: record, then remove, 009's row.
  report := report || pg_temp.rollback_history(ARRAY[9], '010_rollback_credit_ledger.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the credit ledger is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 010: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
