-- 008 (emergency only): undoes 006 and 007. Drops usefulness_proofs (rows, indexes), the two agents
-- usefulness columns with their check and idx_agents_usefulness, and takes 006 and 007 out of
-- `migrations` in the same transaction. Safe to run again; refuses while anything else still uses them.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/008_rollback_usefulness.sql

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

  -- 1. Refuse while something outside this feature uses it: the credit ledger (its transactions
  --    reference usefulness_proofs), functions whose bodies use it (PostgreSQL does not track those),
  --    and anything built on the two agents columns, which DROP COLUMN would silently take along.
  IF to_regclass('credit_transactions') IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back usefulness (008): the credit ledger is present and credit_transactions references usefulness_proofs. Nothing was changed. Roll back the credit ledger first (010_rollback_credit_ledger.sql, or pnpm rollback credit-ledger); the order is 011, 010, 008.'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;
  SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
    INTO users
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
     AND p.prosrc ~ '\m(usefulness_proofs|usefulness_score_cached|usefulness_last_updated)\M';
  IF users IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back usefulness (008): function % still uses it. Nothing was changed. Roll back the feature that added it first.', users
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;
  SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ' ORDER BY 1)
    INTO users
    FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    LEFT JOIN pg_class i ON d.classid = 'pg_class'::regclass AND i.oid = d.objid
    LEFT JOIN pg_constraint c ON d.classid = 'pg_constraint'::regclass AND c.oid = d.objid
   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = to_regclass('agents')
     AND a.attname IN ('usefulness_score_cached', 'usefulness_last_updated')
     AND d.classid <> 'pg_attrdef'::regclass
     AND i.relname IS DISTINCT FROM 'idx_agents_usefulness'
     AND c.conname IS DISTINCT FROM 'agents_usefulness_score_cached_check'
     AND c.contype IS DISTINCT FROM 'n';  -- PostgreSQL 18 records NOT NULL as a constraint
  IF users IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back usefulness (008): % uses the agents usefulness columns. Nothing was changed. Roll back the feature that added it first.', users
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- Refuse while 030-039 (the distribution-ready keys) are applied: they changed this feature's
  -- tables or functions, and undoing it under them would leave a schema no migration describes.
  IF (SELECT pg_get_constraintdef(oid) FROM pg_constraint
       WHERE conrelid = to_regclass('agents') AND conname = 'agents_pkey') = 'PRIMARY KEY (did)'
     OR num_nonnulls(to_regclass('agents_did_pkey_index'), to_regclass('usefulness_proofs_agent_did_id_key'),
          to_regclass('credit_transactions_agent_did_id_key'), to_regclass('negotiations_initiator_did_id_key'),
          to_regclass('credit_idempotency_keys_agent_did_key_key')) > 0 THEN
    RAISE EXCEPTION 'Refusing to roll back usefulness (008): the distribution-ready keys (030-039) are applied. Nothing was changed. Roll them back first (030_rollback_distribution_ready_keys.sql, or pnpm rollback distribution-ready-keys).'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 2. Count what is lost, then drop. The table takes its indexes with it; the agents rows stay.
  BEGIN
    IF to_regclass('usefulness_proofs') IS NOT NULL THEN
      SELECT count(*) INTO lost FROM usefulness_proofs;
      report := report || format('dropped table usefulness_proofs (%s lost), with its indexes', lost || CASE WHEN lost = 1 THEN ' row' ELSE ' rows' END);
    END IF;
    DROP TABLE IF EXISTS usefulness_proofs;
    IF to_regclass('idx_agents_usefulness') IS NOT NULL THEN
      report := report || 'dropped index idx_agents_usefulness'::text;
    END IF;
    DROP INDEX IF EXISTS idx_agents_usefulness;
    SELECT string_agg(attname, ', ' ORDER BY attnum) INTO users FROM pg_attribute
     WHERE attrelid = to_regclass('agents') AND NOT attisdropped
       AND attname IN ('usefulness_score_cached', 'usefulness_last_updated');
    IF users IS NOT NULL THEN
      SELECT count(*) INTO lost FROM agents;
      report := report || format('dropped agents columns %s with agents_usefulness_score_cached_check (their values in %s lost; the rows stay)', users, lost || CASE WHEN lost = 1 THEN ' agents row' ELSE ' agents rows' END);
    END IF;
    ALTER TABLE IF EXISTS agents DROP CONSTRAINT IF EXISTS agents_usefulness_score_cached_check;
    ALTER TABLE IF EXISTS agents DROP COLUMN IF EXISTS usefulness_score_cached;
    ALTER TABLE IF EXISTS agents DROP COLUMN IF EXISTS usefulness_last_updated;
  EXCEPTION WHEN dependent_objects_still_exist THEN
    GET STACKED DIAGNOSTICS users = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'Refusing to roll back usefulness (008): %. Nothing was changed. Roll back the feature that added it first.', replace(users, E'\n', '; ')
      USING ERRCODE = 'dependent_objects_still_exist';
  END;

  -- 3. Keep the migration history true: record, then remove, the rows of 006 and 007.
  report := report || pg_temp.rollback_history(ARRAY[6, 7], '008_rollback_usefulness.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: usefulness is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 008: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
