-- 011 (emergency only): undoes 004. Drops negotiations (rows, indexes, trigger) and both of its
-- functions, and takes 004 out of `migrations` in the same transaction, so the next migrate re-applies
-- exactly 004. Safe to run again; refuses, changing nothing, while anything else still uses negotiations.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/011_rollback_negotiation_sessions.sql

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
     AND p.proname NOT IN ('update_negotiations_timestamp', 'expire_stale_negotiations')
     AND p.prosrc ~ '\m(negotiations|update_negotiations_timestamp|expire_stale_negotiations)\M';
  IF users IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back negotiations (011): function % still uses it. Nothing was changed. Roll back the feature that added it first.', users
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- Refuse while 030-039 (the distribution-ready keys) are applied: they changed this feature's
  -- tables or functions, and undoing it under them would leave a schema no migration describes.
  IF (SELECT pg_get_constraintdef(oid) FROM pg_constraint
       WHERE conrelid = to_regclass('agents') AND conname = 'agents_pkey') = 'PRIMARY KEY (did)'
     OR num_nonnulls(to_regclass('agents_did_pkey_index'), to_regclass('usefulness_proofs_agent_did_id_key'),
          to_regclass('credit_transactions_agent_did_id_key'), to_regclass('negotiations_initiator_did_id_key'),
          to_regclass('credit_idempotency_keys_agent_did_key_key')) > 0 THEN
    RAISE EXCEPTION 'Refusing to roll back negotiations (011): the distribution-ready keys (030-039) are applied. Nothing was changed. Roll them back first (030_rollback_distribution_ready_keys.sql, or pnpm rollback distribution-ready-keys).'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 2. Count what is lost, then drop. The table takes its indexes and its trigger with it.
  BEGIN
    IF to_regclass('negotiations') IS NOT NULL THEN
      SELECT count(*) INTO lost FROM negotiations;
      report := report || format('dropped table negotiations (%s lost), with its indexes and trigger trg_negotiations_update', lost || CASE WHEN lost = 1 THEN ' row' ELSE ' rows' END);
    END IF;
    DROP TRIGGER IF EXISTS trg_negotiations_update ON negotiations;
    DROP TABLE IF EXISTS negotiations;
    IF to_regprocedure('update_negotiations_timestamp()') IS NOT NULL THEN
      report := report || 'dropped function update_negotiations_timestamp()'::text;
    END IF;
    DROP FUNCTION IF EXISTS update_negotiations_timestamp();
    IF to_regprocedure('expire_stale_negotiations()') IS NOT NULL THEN
      report := report || 'dropped function expire_stale_negotiations()'::text;
    END IF;
    DROP FUNCTION IF EXISTS expire_stale_negotiations();
  EXCEPTION WHEN dependent_objects_still_exist THEN
    GET STACKED DIAGNOSTICS users = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'Refusing to roll back negotiations (011): %. Nothing was changed. Roll back the feature that added it first.', replace(users, E'\n', '; ')
      USING ERRCODE = 'dependent_objects_still_exist';
  END;

  -- 3. Keep the migration history true: record, then remove, 004's row.
  report := report || pg_temp.rollback_history(ARRAY[4], '011_rollback_negotiation_sessions.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: negotiations is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 011: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
